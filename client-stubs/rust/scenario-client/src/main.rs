//! The Rust client scenario of client-stubs/test, against a live sidecar:
//! enroll TOTP, confirm it with a code computed here (totp-rs), verify a fresh code (ACCEPTED),
//! replay it (REPLAYED), read GetStatus, generate recovery codes and use them, then check that a
//! malformed request is INVALID_ARGUMENT and a call without a token UNAUTHENTICATED.
//!
//! Environment: AUTHSIDECAR_ADDRESS (host:port, plaintext loopback), AUTHSIDECAR_TOKEN (bearer
//! token of a caller with the login permission), AUTHSIDECAR_RUN_ID (unique per run).
//! Prints one line per step; any unexpected answer ends it with a non-zero exit status.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use authsidecar_client::BearerToken;
use authsidecar_client::v1::account_service_client::AccountServiceClient;
use authsidecar_client::v1::recovery_code_service_client::RecoveryCodeServiceClient;
use authsidecar_client::v1::totp_service_client::TotpServiceClient;
use authsidecar_client::v1::{
    BeginEnrollmentRequest, ConfirmEnrollmentRequest, FactorType, GenerateCodesRequest,
    GetStatusRequest, RecoveryCodeServiceVerifyCodeRequest, TotpAlgorithm, VerifyCodeRequest,
    VerifyRequest, VerifyResult,
};
use tonic::Code;
use tonic::transport::{Channel, Endpoint};

/// A step failed: what was expected and what came instead.
type Failure = Box<dyn std::error::Error>;

/// Generous, so a slow shared CI machine does not fail the scenario; each call sends it as its
/// gRPC deadline (grpc-timeout), which the sidecar honours too.
const DEADLINE: Duration = Duration::from_secs(10);

/// A request with the scenario's deadline.
fn call<T>(message: T) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    request.set_timeout(DEADLINE);
    request
}

/// Names the call that failed with an unexpected status.
fn during(step: &'static str) -> impl Fn(tonic::Status) -> Failure {
    move |status| format!("{step}: {status:?}").into()
}

fn ok(step: &str) {
    println!("ok   {step}");
}

fn check(step: &str, condition: bool, detail: impl std::fmt::Display) -> Result<(), Failure> {
    if condition {
        ok(step);
        Ok(())
    } else {
        Err(format!("{step}: {detail}").into())
    }
}

fn expect_result(step: &str, got: VerifyResult, want: VerifyResult) -> Result<(), Failure> {
    check(
        step,
        got == want,
        format_args!("expected {want:?}, got {got:?}"),
    )
}

/// The call must fail with `want`; returns its message.
fn expect_status<T: std::fmt::Debug>(
    step: &str,
    outcome: Result<tonic::Response<T>, tonic::Status>,
    want: Code,
) -> Result<String, Failure> {
    match outcome {
        Err(status) if status.code() == want => {
            ok(&format!("{step}: {want:?} ({})", status.message()));
            Ok(status.message().to_owned())
        }
        Err(status) => Err(format!("{step}: expected {want:?}, got {status:?}").into()),
        Ok(response) => Err(format!("{step}: expected {want:?}, got {response:?}").into()),
    }
}

/// The TOTP generator an authenticator app would build from BeginEnrollmentResponse.
fn authenticator(
    secret: &str,
    algorithm: TotpAlgorithm,
    digits: i32,
    period: i32,
) -> Result<totp_rs::Totp, Failure> {
    let algorithm = match algorithm {
        TotpAlgorithm::Sha1 => totp_rs::Algorithm::SHA1,
        TotpAlgorithm::Sha256 => totp_rs::Algorithm::SHA256,
        TotpAlgorithm::Sha512 => totp_rs::Algorithm::SHA512,
        TotpAlgorithm::Unspecified => return Err("parameters.algorithm is unspecified".into()),
    };
    Ok(totp_rs::Builder::new()
        .with_algorithm(algorithm)
        .with_digits(u8::try_from(digits)?)
        .with_step_duration(u64::try_from(period)?)
        .with_secret(totp_rs::Secret::try_from_base32(secret)?)
        .build()?)
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

async fn run() -> Result<(), Failure> {
    let address = std::env::var("AUTHSIDECAR_ADDRESS")?;
    let token = BearerToken::new(&std::env::var("AUTHSIDECAR_TOKEN")?)?;
    let run_id = std::env::var("AUTHSIDECAR_RUN_ID")?;
    let user_id = format!("rust-{run_id}-alice");

    // One HTTP/2 connection shared by every client; the token travels with each call.
    let channel: Channel = Endpoint::from_shared(format!("http://{address}"))?
        .connect_timeout(DEADLINE)
        // A client-side backstop in case the deadline were not honoured (CANCELLED, not
        // DEADLINE_EXCEEDED, when it fires).
        .timeout(DEADLINE + Duration::from_secs(5))
        .connect()
        .await?;
    let mut totp = TotpServiceClient::with_interceptor(channel.clone(), token.clone());
    let mut account = AccountServiceClient::with_interceptor(channel.clone(), token.clone());
    let mut recovery = RecoveryCodeServiceClient::with_interceptor(channel.clone(), token);
    ok(&format!("connected to {address} as user {user_id}"));

    // Enroll: the response carries the secret an authenticator app would scan.
    let enrollment = totp
        .begin_enrollment(call(BeginEnrollmentRequest {
            user_id: user_id.clone(),
            label: "Rust scenario".into(),
            ..Default::default()
        }))
        .await
        .map_err(during("BeginEnrollment"))?
        .into_inner();
    let parameters = enrollment
        .parameters
        .ok_or("BeginEnrollment: no parameters")?;
    let app = authenticator(
        &enrollment.secret,
        parameters.algorithm(),
        parameters.digits,
        parameters.period_seconds,
    )?;
    let period = u64::try_from(parameters.period_seconds)?;
    check(
        "BeginEnrollment",
        enrollment.otpauth_uri.starts_with("otpauth://totp/")
            && !enrollment.enrollment_id.is_empty(),
        format_args!("unexpected response {:?}", enrollment.otpauth_uri),
    )?;

    // Two codes from one `now`: the previous step's to confirm (ConfirmEnrollment consumes its
    // step), the current step's to verify. Near the end of a step the sidecar could already be in
    // the next one, where the previous step's code is outside its window: wait for a fresh step.
    let mut now = unix_now();
    if period - now % period < 5 {
        tokio::time::sleep(Duration::from_secs(period - now % period)).await;
        now = unix_now();
    }
    let previous_code = app.generate(now - period).to_string();
    let current_code = app.generate(now).to_string();

    let confirmed = totp
        .confirm_enrollment(call(ConfirmEnrollmentRequest {
            enrollment_id: enrollment.enrollment_id.clone(),
            code: previous_code,
        }))
        .await
        .map_err(during("ConfirmEnrollment"))?
        .into_inner();
    expect_result(
        "ConfirmEnrollment with the previous step's code",
        confirmed.result(),
        VerifyResult::Accepted,
    )?;
    let factor = confirmed
        .factor
        .ok_or("ConfirmEnrollment: ACCEPTED without a factor")?;

    let verify = |code: &str| VerifyRequest {
        user_id: user_id.clone(),
        code: code.into(),
        ..Default::default()
    };
    let accepted = totp
        .verify(call(verify(&current_code)))
        .await
        .map_err(during("Verify"))?
        .into_inner();
    expect_result(
        "Verify a fresh code",
        accepted.result(),
        VerifyResult::Accepted,
    )?;
    check(
        "Verify names the factor",
        accepted.factor_id == factor.id,
        format_args!("{} != {}", accepted.factor_id, factor.id),
    )?;
    let replayed = totp
        .verify(call(verify(&current_code)))
        .await
        .map_err(during("Verify again"))?
        .into_inner();
    expect_result(
        "Verify the same code again",
        replayed.result(),
        VerifyResult::Replayed,
    )?;

    let status = account
        .get_status(call(GetStatusRequest {
            user_id: user_id.clone(),
        }))
        .await
        .map_err(during("GetStatus"))?
        .into_inner();
    check(
        "GetStatus: enrolled with one TOTP factor, not locked out",
        status.enrolled
            && status.factors.len() == 1
            && status.factors[0].r#type() == FactorType::Totp
            && status.factors[0].id == factor.id
            && !status.locked_out,
        format_args!("{status:?}"),
    )?;

    // Recovery codes: AccountService.VerifyCode is the one entry point for any typed code.
    let codes = recovery
        .generate_codes(call(GenerateCodesRequest {
            user_id: user_id.clone(),
            count: 0,
        }))
        .await
        .map_err(during("GenerateCodes"))?
        .into_inner()
        .codes;
    check(
        "GenerateCodes",
        codes.len() == 10,
        format_args!("expected 10 codes, got {}", codes.len()),
    )?;
    let typed = |code: &str| VerifyCodeRequest {
        user_id: user_id.clone(),
        code: code.into(),
        ..Default::default()
    };
    let used = account
        .verify_code(call(typed(&codes[0])))
        .await
        .map_err(during("AccountService.VerifyCode"))?
        .into_inner();
    expect_result(
        "AccountService.VerifyCode with a recovery code",
        used.result(),
        VerifyResult::Accepted,
    )?;
    check(
        "VerifyCode says a recovery code matched, 9 left",
        used.factor_type() == FactorType::RecoveryCodes && used.recovery_codes_remaining == 9,
        format_args!("{used:?}"),
    )?;
    let reused = account
        .verify_code(call(typed(&codes[0])))
        .await
        .map_err(during("AccountService.VerifyCode again"))?
        .into_inner();
    expect_result(
        "AccountService.VerifyCode with the same code again",
        reused.result(),
        VerifyResult::Replayed,
    )?;
    let direct = recovery
        .verify_code(call(RecoveryCodeServiceVerifyCodeRequest {
            user_id: user_id.clone(),
            code: codes[1].clone(),
            ..Default::default()
        }))
        .await
        .map_err(during("RecoveryCodeService.VerifyCode"))?
        .into_inner();
    expect_result(
        "RecoveryCodeService.VerifyCode with another code",
        direct.result(),
        VerifyResult::Accepted,
    )?;
    check(
        "RecoveryCodeService.VerifyCode: 8 left",
        direct.remaining == 8,
        format_args!("{direct:?}"),
    )?;

    // Errors are gRPC statuses, asserted by code.
    let message = expect_status(
        "Verify with an empty user_id",
        totp.verify(call(VerifyRequest {
            code: "123456".into(),
            ..Default::default()
        }))
        .await,
        Code::InvalidArgument,
    )?;
    check(
        "INVALID_ARGUMENT names the field",
        message.contains("user_id"),
        &message,
    )?;
    // Same channel, no interceptor: no authorization metadata at all.
    let mut anonymous = AccountServiceClient::new(channel);
    expect_status(
        "GetStatus without a token",
        anonymous
            .get_status(call(GetStatusRequest { user_id }))
            .await,
        Code::Unauthenticated,
    )?;
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(failure) = run().await {
        // Transport errors say little at the top ("transport error"): print their causes too.
        let mut line = format!("FAIL {failure}");
        let mut cause = failure.source();
        while let Some(error) = cause {
            line += &format!(": {error}");
            cause = error.source();
        }
        println!("{line}");
        std::process::exit(1);
    }
    println!("rust scenario passed");
}
