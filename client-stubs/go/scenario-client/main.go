// Command scenario-client drives a live authsidecar through the Go stubs, as a login server
// would: it enrolls a TOTP factor, confirms and verifies codes it computes itself with
// github.com/pquerna/otp, reads the status, uses recovery codes, and checks the error statuses
// of a malformed request and of a call without credentials. It prints one line per step and
// exits 1 at the first step that does not behave as the API promises.
//
// Environment (set by client-stubs/test): AUTHSIDECAR_ADDRESS (host:port, plaintext loopback),
// AUTHSIDECAR_TOKEN (bearer token of a caller with the login permission), AUTHSIDECAR_RUN_ID
// (unique per run, so that user ids never collide with an earlier run's).
package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	pb "authsidecar.dev/client/go/authsidecar/v1"
	"authsidecar.dev/client/go/callerauth"
)

// callTimeout is the deadline of every call: generous, since CI machines are small and shared.
const callTimeout = 10 * time.Second

func main() {
	address := mustEnv("AUTHSIDECAR_ADDRESS")
	token := mustEnv("AUTHSIDECAR_TOKEN")
	runID := mustEnv("AUTHSIDECAR_RUN_ID")

	// Plaintext is right only because the sidecar listens on loopback here (the in-pod
	// deployment); callerauth.Token refuses to send the token in plaintext anywhere else.
	conn, err := grpc.NewClient(address,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithPerRPCCredentials(callerauth.Token(token)))
	if err != nil {
		fail("connect", err)
	}
	defer conn.Close()

	s := scenario{
		user:     "go-" + runID + "-alice",
		totp:     pb.NewTotpServiceClient(conn),
		account:  pb.NewAccountServiceClient(conn),
		recovery: pb.NewRecoveryCodeServiceClient(conn),
	}
	s.run(address)
}

type scenario struct {
	user     string
	totp     pb.TotpServiceClient
	account  pb.AccountServiceClient
	recovery pb.RecoveryCodeServiceClient
}

func (s scenario) run(address string) {
	// Enroll: the secret comes once, as base32 and inside the otpauth URI an app would scan.
	var begin *pb.BeginEnrollmentResponse
	step("BeginEnrollment", func(ctx context.Context) (string, error) {
		var err error
		begin, err = s.totp.BeginEnrollment(ctx, &pb.BeginEnrollmentRequest{UserId: s.user, Label: "Go scenario"})
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("enrollment %s, %d-character secret", begin.GetEnrollmentId(), len(begin.GetSecret())), nil
	})

	// Read the key as an authenticator app would: from the URI, then cross-check the parts.
	key, err := otp.NewKeyFromURL(begin.GetOtpauthUri())
	if err != nil {
		fail("otpauth URI", err)
	}
	params := begin.GetParameters()
	if key.Secret() != begin.GetSecret() || key.Period() != uint64(params.GetPeriodSeconds()) ||
		int32(key.Digits()) != params.GetDigits() || key.Algorithm() != otp.AlgorithmSHA1 ||
		params.GetAlgorithm() != pb.TotpAlgorithm_TOTP_ALGORITHM_SHA1 {
		fail("otpauth URI", fmt.Errorf("URI %q disagrees with secret and parameters %v", begin.GetOtpauthUri(), params))
	}
	opts := totp.ValidateOpts{Period: uint(key.Period()), Digits: key.Digits(), Algorithm: key.Algorithm()}
	period := time.Duration(key.Period()) * time.Second
	fmt.Printf("ok   otpauth URI: %s, %d digits, %s period\n", key.Algorithm(), key.Digits(), period)

	// Each time step is single use, and ConfirmEnrollment consumes its code's step. So both codes
	// come from one instant: the previous step's to confirm, the current step's to verify. Near
	// the end of a step, wait for the next one, so that the server still sees the same steps.
	now := time.Now()
	if untilNext := period - time.Duration(now.UnixNano())%period; untilNext < 3*time.Second {
		time.Sleep(untilNext + 100*time.Millisecond)
		now = time.Now()
	}
	previousCode := mustCode(key.Secret(), now.Add(-period), opts)
	currentCode := mustCode(key.Secret(), now, opts)

	var factorID string
	step("ConfirmEnrollment with the previous step's code", func(ctx context.Context) (string, error) {
		resp, err := s.totp.ConfirmEnrollment(ctx, &pb.ConfirmEnrollmentRequest{
			EnrollmentId: begin.GetEnrollmentId(), Code: previousCode})
		if err != nil {
			return "", err
		}
		if err := wantResult(resp.GetResult(), pb.VerifyResult_VERIFY_RESULT_ACCEPTED); err != nil {
			return "", err
		}
		factorID = resp.GetFactor().GetId()
		if factorID == "" || resp.GetFactor().GetType() != pb.FactorType_FACTOR_TYPE_TOTP {
			return "", fmt.Errorf("ACCEPTED without a TOTP factor: %v", resp.GetFactor())
		}
		return "ACCEPTED, factor " + factorID, nil
	})

	verify := func(ctx context.Context, want pb.VerifyResult) (string, error) {
		resp, err := s.totp.Verify(ctx, &pb.VerifyRequest{UserId: s.user, Code: currentCode})
		if err != nil {
			return "", err
		}
		if err := wantResult(resp.GetResult(), want); err != nil {
			return "", err
		}
		if resp.GetFactorId() != factorID {
			return "", fmt.Errorf("factor_id %q, want %q", resp.GetFactorId(), factorID)
		}
		return want.String(), nil
	}
	step("Verify a fresh code", func(ctx context.Context) (string, error) {
		return verify(ctx, pb.VerifyResult_VERIFY_RESULT_ACCEPTED)
	})
	step("Verify the same code again", func(ctx context.Context) (string, error) {
		return verify(ctx, pb.VerifyResult_VERIFY_RESULT_REPLAYED)
	})

	step("GetStatus", func(ctx context.Context) (string, error) {
		st, err := s.account.GetStatus(ctx, &pb.GetStatusRequest{UserId: s.user})
		if err != nil {
			return "", err
		}
		if !st.GetEnrolled() || len(st.GetFactors()) != 1 || st.GetFactors()[0].GetId() != factorID ||
			st.GetFactors()[0].GetType() != pb.FactorType_FACTOR_TYPE_TOTP || st.GetLockedOut() ||
			st.GetFailedAttempts() != 0 || st.GetRecoveryCodesRemaining() != 0 {
			return "", fmt.Errorf("unexpected status %v", st)
		}
		return fmt.Sprintf("enrolled, 1 TOTP factor, %d failed attempts, not locked out", st.GetFailedAttempts()), nil
	})

	var recoveryCodes []string
	step("GenerateCodes", func(ctx context.Context) (string, error) {
		resp, err := s.recovery.GenerateCodes(ctx, &pb.GenerateCodesRequest{UserId: s.user})
		if err != nil {
			return "", err
		}
		recoveryCodes = resp.GetCodes()
		if len(recoveryCodes) != 10 {
			return "", fmt.Errorf("%d codes, want the default 10", len(recoveryCodes))
		}
		return fmt.Sprintf("%d codes", len(recoveryCodes)), nil
	})

	// AccountService.VerifyCode is the one entry point for whatever the user typed.
	verifyTyped := func(ctx context.Context, want pb.VerifyResult) (string, error) {
		resp, err := s.account.VerifyCode(ctx, &pb.VerifyCodeRequest{UserId: s.user, Code: recoveryCodes[0]})
		if err != nil {
			return "", err
		}
		if err := wantResult(resp.GetResult(), want); err != nil {
			return "", err
		}
		if resp.GetFactorType() != pb.FactorType_FACTOR_TYPE_RECOVERY_CODES {
			return "", fmt.Errorf("factor_type %v, want FACTOR_TYPE_RECOVERY_CODES", resp.GetFactorType())
		}
		if want == pb.VerifyResult_VERIFY_RESULT_ACCEPTED && resp.GetRecoveryCodesRemaining() != 9 {
			return "", fmt.Errorf("recovery_codes_remaining %d, want 9", resp.GetRecoveryCodesRemaining())
		}
		return fmt.Sprintf("%v, %d codes left", want, resp.GetRecoveryCodesRemaining()), nil
	}
	step("AccountService.VerifyCode with a recovery code", func(ctx context.Context) (string, error) {
		return verifyTyped(ctx, pb.VerifyResult_VERIFY_RESULT_ACCEPTED)
	})
	step("AccountService.VerifyCode with the same code again", func(ctx context.Context) (string, error) {
		return verifyTyped(ctx, pb.VerifyResult_VERIFY_RESULT_REPLAYED)
	})
	step("RecoveryCodeService.VerifyCode with another code", func(ctx context.Context) (string, error) {
		resp, err := s.recovery.VerifyCode(ctx, &pb.RecoveryCodeServiceVerifyCodeRequest{UserId: s.user, Code: recoveryCodes[1]})
		if err != nil {
			return "", err
		}
		if err := wantResult(resp.GetResult(), pb.VerifyResult_VERIFY_RESULT_ACCEPTED); err != nil {
			return "", err
		}
		if resp.GetRemaining() != 8 {
			return "", fmt.Errorf("remaining %d, want 8", resp.GetRemaining())
		}
		return "VERIFY_RESULT_ACCEPTED, 8 codes left", nil
	})

	// Errors are gRPC statuses: assert the code, and that the message names the field.
	step("GetStatus with an empty user_id", func(ctx context.Context) (string, error) {
		_, err := s.account.GetStatus(ctx, &pb.GetStatusRequest{UserId: ""})
		return wantStatus(err, codes.InvalidArgument, "user_id")
	})
	step("Verify with a 5-digit code", func(ctx context.Context) (string, error) {
		_, err := s.totp.Verify(ctx, &pb.VerifyRequest{UserId: s.user, Code: "12345"})
		return wantStatus(err, codes.InvalidArgument, "code")
	})

	// A connection without the token: the sidecar must refuse before doing anything.
	anonymous, err := grpc.NewClient(address, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fail("connect without a token", err)
	}
	defer anonymous.Close()
	step("GetStatus without credentials", func(ctx context.Context) (string, error) {
		_, err := pb.NewAccountServiceClient(anonymous).GetStatus(ctx, &pb.GetStatusRequest{UserId: s.user})
		return wantStatus(err, codes.Unauthenticated, "")
	})
	step("GetStatus with an unknown token", func(ctx context.Context) (string, error) {
		unknown := grpc.PerRPCCredentials(callerauth.Token(strings.Repeat("x", 43)))
		_, err := pb.NewAccountServiceClient(anonymous).GetStatus(ctx, &pb.GetStatusRequest{UserId: s.user}, unknown)
		return wantStatus(err, codes.Unauthenticated, "")
	})
}

// step runs one call under its own deadline and prints its outcome; a failure ends the run.
func step(name string, call func(ctx context.Context) (string, error)) {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	detail, err := call(ctx)
	if err != nil {
		fail(name, err)
	}
	fmt.Printf("ok   %s: %s\n", name, detail)
}

func fail(name string, err error) {
	fmt.Printf("FAIL %s: %v\n", name, err)
	os.Exit(1)
}

func wantResult(got, want pb.VerifyResult) error {
	if got != want {
		return fmt.Errorf("result %v, want %v", got, want)
	}
	return nil
}

// wantStatus checks that err is a gRPC status with the given code whose message mentions field.
func wantStatus(err error, want codes.Code, field string) (string, error) {
	st, ok := status.FromError(err)
	switch {
	case err == nil:
		return "", fmt.Errorf("succeeded, want %v", want)
	case !ok || st.Code() != want:
		return "", fmt.Errorf("got %v, want %v", err, want)
	case !strings.Contains(st.Message(), field):
		return "", fmt.Errorf("message %q does not name %s", st.Message(), field)
	}
	return fmt.Sprintf("%v (%s)", st.Code(), st.Message()), nil
}

func mustCode(secret string, at time.Time, opts totp.ValidateOpts) string {
	code, err := totp.GenerateCodeCustom(secret, at, opts)
	if err != nil {
		fail("compute a TOTP code", err)
	}
	return code
}

func mustEnv(name string) string {
	value := os.Getenv(name)
	if value == "" {
		fail("environment", fmt.Errorf("%s is not set", name))
	}
	return value
}
