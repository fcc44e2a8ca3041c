"""The Python client scenario: a real client of a live sidecar, using the installed
authsidecar-client package, grpcio and pyotp (TOTP codes computed here, not by the sidecar).

Environment (set by client-stubs/test): AUTHSIDECAR_ADDRESS (host:port on loopback, plaintext),
AUTHSIDECAR_TOKEN (bearer token of a caller with the login permission), AUTHSIDECAR_RUN_ID.
Prints one line per step; exits non-zero at the first step that does not behave as expected.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import version

import grpc
import pyotp

from authsidecar.v1 import (
    account_pb2,
    account_pb2_grpc,
    recovery_pb2,
    recovery_pb2_grpc,
    totp_pb2,
    totp_pb2_grpc,
)
from authsidecar.v1.factor_pb2 import FactorType, VerifyResult

DEADLINE_SECONDS = 10.0  # generous: the first call also opens the connection


class StepFailed(Exception):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def expect_result(actual: VerifyResult, wanted: VerifyResult) -> None:
    expect(actual == wanted, f"expected {VerifyResult.Name(wanted)}, got {VerifyResult.Name(actual)}")


def expect_status(call: Callable[[], object], wanted: grpc.StatusCode, detail_contains: str = "") -> str:
    """Runs a call that must fail with the status `wanted`; returns the status message."""
    try:
        call()
    except grpc.RpcError as error:
        # Errors raised by a unary call on a channel are also grpc.Call objects, which carry the
        # status; the RpcError base class itself does not declare code()/details().
        if not isinstance(error, grpc.Call):
            raise StepFailed(f"an RpcError without a status: {error!r}") from error
        code, details = error.code(), error.details() or ""
        expect(code == wanted, f"expected {wanted.name}, got {code.name}: {details}")
        expect(detail_contains in details, f"the message {details!r} does not name {detail_contains!r}")
        return details
    raise StepFailed(f"expected {wanted.name}, but the call succeeded")


@contextmanager
def step(name: str) -> Iterator[None]:
    """One step of the scenario: prints its line when its block succeeds; a failure names it."""
    try:
        yield
    except grpc.RpcError as error:
        raise StepFailed(f"{name}: unexpected RPC error {error}") from error
    except StepFailed as failure:
        raise StepFailed(f"{name}: {failure}") from failure
    print(f"   ok   {name}", flush=True)


def token_channel(address: str, token: str) -> grpc.Channel:
    """A channel that sends `authorization: Bearer <token>` on every call, over plaintext loopback.

    grpc refuses call credentials on grpc.insecure_channel. Local channel credentials are the
    gRPC way to say "this connection never leaves the host": LOCAL_TCP only connects to loopback
    addresses and performs no handshake, so it talks to the sidecar's plaintext listener, and it
    counts as secure enough for grpc to attach the token. A non-loopback address fails to
    connect instead of sending the token in clear text.
    """
    credentials = grpc.composite_channel_credentials(
        grpc.local_channel_credentials(grpc.LocalConnectionType.LOCAL_TCP),
        grpc.access_token_call_credentials(token),
    )
    return grpc.secure_channel(address, credentials)


def wait_for_room_in_time_step(period: int) -> None:
    """The scenario confirms with the previous step's code and verifies with the current one, both
    computed from one `now`. Should a step boundary pass before the sidecar sees them, the previous
    step would fall out of its window (1 step back), so begin at least 5 s before a boundary."""
    left = period - time.time() % period
    if left < 5:
        time.sleep(left + 0.1)


def _mypy_sees_the_generated_types(stub: totp_pb2_grpc.TotpServiceStub) -> None:
    """Never called. The scenario runs mypy --strict, which reports unused `type: ignore`
    comments: each line below is an error only when mypy knows the generated field and method
    types, so were the .pyi files missing (everything Any), these ignores would fail the check."""
    totp_pb2.VerifyRequest(user_id=42)  # type: ignore[arg-type]
    stub.Verify(account_pb2.GetStatusRequest(user_id="u"))  # type: ignore[arg-type]
    totp_pb2.VerifyResponse().result.upper()  # type: ignore[attr-defined]


def main() -> int:
    address = os.environ["AUTHSIDECAR_ADDRESS"]
    token = os.environ["AUTHSIDECAR_TOKEN"]
    user_id = f"python-{os.environ['AUTHSIDECAR_RUN_ID']}-alice"
    libraries = ", ".join(f"{name} {version(name)}" for name in ("authsidecar-client", "grpcio", "protobuf", "pyotp"))
    print(f"   {libraries}; user {user_id}")
    timeout = DEADLINE_SECONDS

    with token_channel(address, token) as channel:
        totp = totp_pb2_grpc.TotpServiceStub(channel)
        account = account_pb2_grpc.AccountServiceStub(channel)
        recovery = recovery_pb2_grpc.RecoveryCodeServiceStub(channel)

        # --- TOTP: enroll, confirm, verify, replay --------------------------------------------
        with step("BeginEnrollment returns a secret and an otpauth URI that pyotp reads"):
            begun = totp.BeginEnrollment(
                totp_pb2.BeginEnrollmentRequest(user_id=user_id, label="Python scenario"), timeout=timeout
            )
            authenticator = pyotp.parse_uri(begun.otpauth_uri)
            if not isinstance(authenticator, pyotp.TOTP):
                raise StepFailed(f"not a TOTP URI: {begun.otpauth_uri}")
            expect(authenticator.secret == begun.secret, "the otpauth URI and the secret field disagree")
            period = begun.parameters.period_seconds
            expect(
                (authenticator.interval, authenticator.digits) == (period, begun.parameters.digits),
                "the otpauth URI and the parameters disagree",
            )

        wait_for_room_in_time_step(period)
        now = time.time()
        confirm_code = authenticator.at(now - period)  # previous step: consumed by the confirmation
        fresh_code = authenticator.at(now)  # current step: newer, so still usable at Verify

        with step("ConfirmEnrollment with the previous step's code is ACCEPTED"):
            confirmed = totp.ConfirmEnrollment(
                totp_pb2.ConfirmEnrollmentRequest(enrollment_id=begun.enrollment_id, code=confirm_code),
                timeout=timeout,
            )
            expect_result(confirmed.result, VerifyResult.VERIFY_RESULT_ACCEPTED)
            expect(confirmed.factor.type == FactorType.FACTOR_TYPE_TOTP, "the new factor is not a TOTP factor")

        verify = totp_pb2.VerifyRequest(user_id=user_id, code=fresh_code)
        with step("Verify with the current step's code is ACCEPTED"):
            verified = totp.Verify(verify, timeout=timeout)
            expect_result(verified.result, VerifyResult.VERIFY_RESULT_ACCEPTED)
            expect(verified.factor_id == confirmed.factor.id, "Verify matched another factor")

        with step("Verify with the same code again is REPLAYED"):
            expect_result(totp.Verify(verify, timeout=timeout).result, VerifyResult.VERIFY_RESULT_REPLAYED)

        with step("GetStatus shows the one TOTP factor and no failed attempt"):
            status = account.GetStatus(account_pb2.GetStatusRequest(user_id=user_id), timeout=timeout)
            expect(status.enrolled, "GetStatus says not enrolled")
            expect([f.id for f in status.factors] == [confirmed.factor.id], f"unexpected factors: {status.factors}")
            expect(not status.locked_out and status.failed_attempts == 0, "the user has failed attempts")

        # --- Recovery codes: generate, use one at each entry point, replay ---------------------
        with step("RecoveryCodeService.GenerateCodes returns 10 distinct codes"):
            generated = recovery.GenerateCodes(recovery_pb2.GenerateCodesRequest(user_id=user_id), timeout=timeout)
            codes = list(generated.codes)
            expect(len(set(codes)) == 10, f"expected 10 distinct codes, got {codes}")

        used = account_pb2.VerifyCodeRequest(user_id=user_id, code=codes[0])
        with step("AccountService.VerifyCode with a recovery code is ACCEPTED, 9 left"):
            by_account = account.VerifyCode(used, timeout=timeout)
            expect_result(by_account.result, VerifyResult.VERIFY_RESULT_ACCEPTED)
            expect(
                by_account.factor_type == FactorType.FACTOR_TYPE_RECOVERY_CODES,
                f"matched as {FactorType.Name(by_account.factor_type)}",
            )
            expect(by_account.recovery_codes_remaining == 9, f"{by_account.recovery_codes_remaining} left")

        with step("the same recovery code again is REPLAYED"):
            expect_result(account.VerifyCode(used, timeout=timeout).result, VerifyResult.VERIFY_RESULT_REPLAYED)

        with step("RecoveryCodeService.VerifyCode with another code is ACCEPTED, 8 left"):
            by_recovery = recovery.VerifyCode(
                recovery_pb2.RecoveryCodeServiceVerifyCodeRequest(user_id=user_id, code=codes[1]), timeout=timeout
            )
            expect_result(by_recovery.result, VerifyResult.VERIFY_RESULT_ACCEPTED)
            expect(by_recovery.remaining == 8, f"{by_recovery.remaining} left")

        with step("GetStatus counts 8 recovery codes left"):
            status = account.GetStatus(account_pb2.GetStatusRequest(user_id=user_id), timeout=timeout)
            expect(status.recovery_codes_remaining == 8, f"{status.recovery_codes_remaining} left")

        # --- Errors are statuses ---------------------------------------------------------------
        with step("a request with an empty user_id is INVALID_ARGUMENT naming the field"):
            details = expect_status(
                lambda: account.GetStatus(account_pb2.GetStatusRequest(user_id=""), timeout=timeout),
                grpc.StatusCode.INVALID_ARGUMENT,
                "user_id",
            )
        print(f"        ({details})")

    # No credentials at all: a plain channel (fine on loopback) with nothing attached.
    with grpc.insecure_channel(address) as anonymous, step("a call without a token is UNAUTHENTICATED"):
        expect_status(
            lambda: account_pb2_grpc.AccountServiceStub(anonymous).GetStatus(
                account_pb2.GetStatusRequest(user_id=user_id), timeout=timeout
            ),
            grpc.StatusCode.UNAUTHENTICATED,
        )
    with token_channel(address, "x" * 43) as stranger, step("a call with an unknown token is UNAUTHENTICATED"):
        expect_status(
            lambda: account_pb2_grpc.AccountServiceStub(stranger).GetStatus(
                account_pb2.GetStatusRequest(user_id=user_id), timeout=timeout
            ),
            grpc.StatusCode.UNAUTHENTICATED,
        )

    if len(sys.argv) > 1:
        run_readme_example(sys.argv[1], address, token, f"python-{os.environ['AUTHSIDECAR_RUN_ID']}-bob")
    return 0


def run_readme_example(path: str, address: str, token: str, user_id: str) -> None:
    """Runs the README's Python blocks (extracted into one module by ./scenario) against the
    sidecar, so that what the README shows is known to work, retry service config included."""
    spec = importlib.util.spec_from_file_location("readme_example", path)
    assert spec is not None and spec.loader is not None
    readme = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = readme  # as an import would: dataclasses look their module up there
    spec.loader.exec_module(readme)

    with readme.connect_loopback(address, token) as channel:
        with step("README: begin_enrollment and confirm_enrollment give Accepted"):
            begun = readme.begin_enrollment(channel, user_id, "bob@example.com")
            authenticator = pyotp.TOTP(begun.secret)
            wait_for_room_in_time_step(30)
            now = time.time()
            confirmed = readme.confirm_enrollment(channel, begun.enrollment_id, authenticator.at(now - 30))
            expect(confirmed == readme.Accepted(begun.enrollment_id), f"got {confirmed}")
        with step("README: verify_totp gives Accepted, then Refused for the replay"):
            code = authenticator.at(now)
            expect(readme.verify_totp(channel, user_id, code) == readme.Accepted(begun.enrollment_id), "not Accepted")
            replay = readme.verify_totp(channel, user_id, code)
            expect(isinstance(replay, readme.Refused) and "already used" in replay.message, f"got {replay}")
        with step("README: status() returns the status, and raises ValueError for an empty user_id"):
            expect(readme.status(channel, user_id).enrolled, "not enrolled")
            try:
                readme.status(channel, "")
                raise StepFailed("no ValueError")
            except ValueError as error:
                expect("user_id" in str(error), f"the message {error} does not name user_id")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except StepFailed as failure:
        print(f"   FAIL {failure}", file=sys.stderr)
        sys.exit(1)
