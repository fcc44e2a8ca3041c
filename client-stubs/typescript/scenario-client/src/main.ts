// A real client of a live sidecar, written as a Node.js login server would: the packed
// @authsidecar/client stubs, Connect-ES over the gRPC protocol (HTTP/2), a bearer token added by
// an interceptor, and TOTP codes computed here with the otpauth library from the secret the
// sidecar returned. Each step prints one line; the first surprise throws and exits non-zero.
//
// Environment (set by client-stubs/test): AUTHSIDECAR_ADDRESS (host:port, plaintext loopback),
// AUTHSIDECAR_TOKEN (a caller with the login permission), AUTHSIDECAR_RUN_ID (unique per run).
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import {
  AccountService,
  FactorType,
  RecoveryCodeService,
  TotpAlgorithm,
  TotpService,
  VerifyResult,
} from "@authsidecar/client";
import * as OTPAuth from "otpauth";

const address = requiredEnv("AUTHSIDECAR_ADDRESS");
const token = requiredEnv("AUTHSIDECAR_TOKEN");
const runId = requiredEnv("AUTHSIDECAR_RUN_ID");

// Every call gets its own deadline, so a hung sidecar fails the scenario instead of stalling it.
const call = { timeoutMs: 10_000 };

// The sidecar accepts a bearer token over plaintext loopback. Connect sends headers on any
// transport, so the interceptor is all it takes; never send the token over a non-loopback
// plaintext connection (use TLS, or mTLS instead of a token).
function bearerToken(secret: string): Interceptor {
  return (next) => async (req) => {
    req.header.set("authorization", `Bearer ${secret}`);
    return next(req);
  };
}

// createGrpcTransport speaks the gRPC protocol over Node's http2 module; an http:// base URL
// means HTTP/2 without TLS (prior knowledge), which is what the loopback sidecar serves.
const baseUrl = `http://${address}`;
const transport = createGrpcTransport({ baseUrl, interceptors: [bearerToken(token)] });
const totp = createClient(TotpService, transport);
const account = createClient(AccountService, transport);
const recovery = createClient(RecoveryCodeService, transport);

async function main(): Promise<void> {
  const userId = `typescript-${runId}-alice`;

  const begun = await totp.beginEnrollment(
    { userId, label: "scenario phone", accountName: `${userId}@example.test` },
    call,
  );
  check(begun.enrollmentId !== "" && begun.secret !== "", "BeginEnrollment returned no enrollment or secret");
  // The authenticator app would scan otpauth_uri; parse it as one would and check that it carries
  // the same secret and the parameters the response states.
  const app = OTPAuth.URI.parse(begun.otpauthUri);
  check(app instanceof OTPAuth.TOTP, `otpauth_uri is not a TOTP URI: ${begun.otpauthUri}`);
  check(app.secret.base32 === begun.secret, "otpauth_uri carries another secret than `secret`");
  const parameters = begun.parameters;
  check(
    parameters?.algorithm === TotpAlgorithm.SHA1 && parameters.digits === 6 && parameters.periodSeconds === 30,
    `unexpected TOTP parameters ${JSON.stringify(parameters)}`,
  );
  step(`BeginEnrollment: enrollment ${begun.enrollmentId}, ${app.algorithm}/${app.digits} digits/${app.period} s`);

  // Two codes from one instant: ConfirmEnrollment consumes the step of its code, so confirm with
  // the previous step's code (inside the window of one step back) and keep the current one for
  // Verify. Near the end of a step the current code could become two steps old before the
  // second call, so start at the beginning of a step.
  await awayFromStepEnd(app.period);
  const now = Date.now();
  const previousCode = app.generate({ timestamp: now - app.period * 1000 });
  const currentCode = app.generate({ timestamp: now });

  const confirmed = await totp.confirmEnrollment({ enrollmentId: begun.enrollmentId, code: previousCode }, call);
  expectResult("ConfirmEnrollment", confirmed.result, VerifyResult.ACCEPTED);
  const factorId = confirmed.factor?.id ?? "";
  check(factorId !== "", "ConfirmEnrollment ACCEPTED without a factor");
  step(`ConfirmEnrollment (code of the previous step): ACCEPTED, factor ${factorId}`);

  const verified = await totp.verify({ userId, code: currentCode }, call);
  expectResult("Verify", verified.result, VerifyResult.ACCEPTED);
  check(verified.factorId === factorId, `Verify matched factor ${verified.factorId}, not ${factorId}`);
  step("Verify (code of the current step): ACCEPTED");

  const replayed = await totp.verify({ userId, code: currentCode }, call);
  expectResult("Verify again", replayed.result, VerifyResult.REPLAYED);
  step("Verify (same code again): REPLAYED");

  const status = await account.getStatus({ userId }, call);
  check(status.enrolled, "GetStatus: not enrolled");
  check(
    status.factors.length === 1 && status.factors[0]?.id === factorId && status.factors[0].type === FactorType.TOTP,
    `GetStatus: unexpected factors ${JSON.stringify(status.factors.map((f) => [f.id, FactorType[f.type]]))}`,
  );
  check(!status.lockedOut && status.failedAttempts === 0, "GetStatus: locked out or failed attempts counted");
  step(`GetStatus: enrolled, 1 TOTP factor, ${status.recoveryCodesRemaining} recovery codes`);

  const generated = await recovery.generateCodes({ userId }, call);
  check(generated.codes.length === 10, `GenerateCodes returned ${generated.codes.length} codes, not the default 10`);
  const [first, second] = generated.codes as [string, string, ...string[]];
  step(`GenerateCodes: ${generated.codes.length} codes`);

  // AccountService.VerifyCode is the one entry point for whatever the user typed; it tells which
  // kind of code matched.
  const used = await account.verifyCode({ userId, code: first }, call);
  expectResult("VerifyCode (recovery code)", used.result, VerifyResult.ACCEPTED);
  check(used.factorType === FactorType.RECOVERY_CODES, `VerifyCode matched ${FactorType[used.factorType]}`);
  check(used.recoveryCodesRemaining === 9, `VerifyCode left ${used.recoveryCodesRemaining} codes, not 9`);
  step("AccountService.VerifyCode (recovery code): ACCEPTED as RECOVERY_CODES, 9 left");

  const reused = await account.verifyCode({ userId, code: first }, call);
  expectResult("VerifyCode (same recovery code)", reused.result, VerifyResult.REPLAYED);
  step("AccountService.VerifyCode (same recovery code): REPLAYED");

  const direct = await recovery.verifyCode({ userId, code: second }, call);
  expectResult("RecoveryCodeService.VerifyCode", direct.result, VerifyResult.ACCEPTED);
  check(direct.remaining === 8, `RecoveryCodeService.VerifyCode left ${direct.remaining} codes, not 8`);
  step("RecoveryCodeService.VerifyCode (another code): ACCEPTED, 8 left");

  const after = await account.getStatus({ userId }, call);
  check(after.recoveryCodesRemaining === 8, `GetStatus: ${after.recoveryCodesRemaining} recovery codes, not 8`);
  step("GetStatus: 8 recovery codes left");

  // A malformed request is an error status whose message names the field.
  const malformed = await expectError(totp.verify({ userId: "", code: "123456" }, call));
  check(malformed.code === Code.InvalidArgument, `empty user_id: ${describe(malformed)}, not INVALID_ARGUMENT`);
  check(malformed.rawMessage.includes("user_id"), `INVALID_ARGUMENT does not name user_id: ${malformed.rawMessage}`);
  step(`Verify with an empty user_id: INVALID_ARGUMENT (${malformed.rawMessage})`);

  // The same call without the interceptor carries no credential.
  const anonymous = createClient(AccountService, createGrpcTransport({ baseUrl }));
  const refused = await expectError(anonymous.getStatus({ userId }, call));
  check(refused.code === Code.Unauthenticated, `no token: ${describe(refused)}, not UNAUTHENTICATED`);
  step(`GetStatus without a token: UNAUTHENTICATED (${refused.rawMessage})`);
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function step(line: string): void {
  console.log(`   ok  ${line}`);
}

function check(condition: boolean, failure: string): asserts condition {
  if (!condition) throw new Error(failure);
}

function expectResult(what: string, got: VerifyResult, want: VerifyResult): void {
  check(got === want, `${what}: ${VerifyResult[got]}, expected ${VerifyResult[want]}`);
}

// Resolves with the ConnectError the call failed with; a call that succeeds is a failure.
async function expectError(pending: Promise<unknown>): Promise<ConnectError> {
  try {
    await pending;
  } catch (err) {
    return ConnectError.from(err);
  }
  throw new Error("the call succeeded but should have failed");
}

function describe(err: ConnectError): string {
  return `${Code[err.code]}: ${err.rawMessage}`;
}

// Waits for the next step when fewer than 3 seconds of the current one are left.
async function awayFromStepEnd(periodSeconds: number): Promise<void> {
  const periodMs = periodSeconds * 1000;
  const left = periodMs - (Date.now() % periodMs);
  if (left < 3000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

main().catch((err: unknown) => {
  console.error(`   FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
