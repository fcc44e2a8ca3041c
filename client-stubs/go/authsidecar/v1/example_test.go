package authsidecarv1_test

// The examples of the module's README, kept here so that `go vet` compiles them against the
// generated code. They need a running sidecar, so they have no Output comment and do not run.

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	pb "authsidecar.dev/client/go/authsidecar/v1"
	"authsidecar.dev/client/go/callerauth"
)

// retryPolicy lets grpc-go retry, with backoff, the calls the sidecar refused without doing
// anything: UNAVAILABLE (database unreachable) and RESOURCE_EXHAUSTED (a bound, whose
// grpc-retry-pushback-ms trailer grpc-go obeys).
const retryPolicy = `{"methodConfig": [{
  "name": [{"service": "authsidecar.v1.TotpService"}, {"service": "authsidecar.v1.AccountService"},
           {"service": "authsidecar.v1.RecoveryCodeService"}],
  "retryPolicy": {"maxAttempts": 3, "initialBackoff": "0.1s", "maxBackoff": "1s",
                  "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE", "RESOURCE_EXHAUSTED"]}}]}`

// The in-pod sidecar on loopback, with the caller's token.
func Example_connectWithToken() {
	token, err := os.ReadFile("/etc/authsidecar/login-web.token")
	if err != nil {
		log.Fatal(err)
	}
	conn, err := grpc.NewClient("127.0.0.1:50051",
		grpc.WithTransportCredentials(insecure.NewCredentials()), // loopback only
		grpc.WithPerRPCCredentials(callerauth.Token(strings.TrimSpace(string(token)))),
		grpc.WithDefaultServiceConfig(retryPolicy))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	totp := pb.NewTotpServiceClient(conn)
	_ = totp
}

// A shared sidecar over mutual TLS: the client certificate names the caller.
func Example_connectWithMutualTLS() {
	cert, err := tls.LoadX509KeyPair("client.pem", "client.key")
	if err != nil {
		log.Fatal(err)
	}
	caPEM, err := os.ReadFile("ca.pem")
	if err != nil {
		log.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		log.Fatal("ca.pem: no certificate")
	}
	creds := credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{cert},
		RootCAs:      roots,
		MinVersion:   tls.VersionTLS12,
	})
	conn, err := grpc.NewClient("authsidecar.auth.svc:50051", grpc.WithTransportCredentials(creds))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
}

// Enrollment: show the secret once, then confirm with the first code the user's app shows.
func Example_enroll() {
	var totp pb.TotpServiceClient // pb.NewTotpServiceClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	begin, err := totp.BeginEnrollment(ctx, &pb.BeginEnrollmentRequest{UserId: "u-42", AccountName: "alice@example.com"})
	if err != nil {
		log.Fatal(err)
	}
	// Show begin.QrSvg (or QrPng) and begin.Secret to the user; keep only begin.EnrollmentId.
	confirm, err := totp.ConfirmEnrollment(ctx, &pb.ConfirmEnrollmentRequest{
		EnrollmentId: begin.GetEnrollmentId(), Code: "123456"})
	if err != nil {
		log.Fatal(err)
	}
	if confirm.GetResult() != pb.VerifyResult_VERIFY_RESULT_ACCEPTED {
		log.Printf("not enrolled: %v", confirm.GetResult()) // REJECTED: ask again; EXPIRED: start over
		return
	}
	fmt.Println("enrolled factor", confirm.GetFactor().GetId())
}

// Sign-in: whatever the user typed (TOTP, recovery or temporary code) goes to VerifyCode.
func Example_verify() {
	var account pb.AccountServiceClient // pb.NewAccountServiceClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	resp, err := account.VerifyCode(ctx, &pb.VerifyCodeRequest{
		UserId: "u-42", Code: "123456", RequestId: rand.Text()}) // a retry resends the same id
	if err != nil {
		handleError(err)
		return
	}
	switch resp.GetResult() {
	case pb.VerifyResult_VERIFY_RESULT_ACCEPTED:
		fmt.Println("signed in with", resp.GetFactorType()) // RECOVERY_CODES: say how many are left
	case pb.VerifyResult_VERIFY_RESULT_REJECTED:
		fmt.Println("wrong code, try again") // each costs an attempt toward the lockout
	case pb.VerifyResult_VERIFY_RESULT_REPLAYED:
		fmt.Println("code already used: wait for the next one") // and warn: someone may have seen it
	case pb.VerifyResult_VERIFY_RESULT_LOCKED_OUT:
		if d := resp.GetRetryAfter(); d != nil {
			fmt.Println("too many attempts, retry in", d.AsDuration())
		} else {
			fmt.Println("locked until an admin resets the account") // the 100-failure limit
		}
	case pb.VerifyResult_VERIFY_RESULT_NOT_ENROLLED:
		fmt.Println("no second factor of that kind: offer enrollment")
	case pb.VerifyResult_VERIFY_RESULT_EXPIRED:
		fmt.Println("the temporary code has expired: ask support for a new one")
	default:
		fmt.Println("unexpected result", resp.GetResult()) // fail closed
	}
}

// handleError sorts the gRPC statuses of the API; none of them means the code was accepted.
func handleError(err error) {
	st := status.Convert(err)
	switch st.Code() {
	case codes.InvalidArgument: // malformed input; the message names the field: "user_id: is required"
	case codes.NotFound: // unknown enrollment_id, ceremony_id, device_id or factor_id
	case codes.Unauthenticated: // missing, unknown or revoked token; refused client certificate
	case codes.PermissionDenied: // the caller lacks the permission, or the proof is not accepted
	case codes.ResourceExhausted: // a per-user limit, or the sidecar is busy (retry shortly)
	case codes.Unavailable: // database or sidecar unreachable: retry with backoff, then fail closed
	case codes.DeadlineExceeded: // may or may not have taken effect: retry with the same RequestId
	}
	log.Printf("authsidecar: %v: %s", st.Code(), st.Message())
}
