import QRCode from "qrcode";
import type { Db } from "@/db/client";
import { clearTotp, findTwoFactorState, replaceRecoveryCodes, setPendingTotpSecret, switchOnPendingTotpSecret } from "@/db/queries/two-factor";
import { ActionError } from "@/lib/actions/result";
import { auditLimitRefusal } from "@/lib/audit/limit-refusal";
import { record, type AuditContext } from "@/lib/audit/record";
import { hasFreshStepUp } from "@/lib/auth/reauthenticate";
import type { SessionUser } from "@/lib/auth/session-user";
import { decryptString, encryptString } from "@/lib/crypto";
import { describeRetry } from "@/lib/rate-limit";
import { acceptSecondFactor, consumeSecondFactorAttempt, noteWrongSecondFactor, type GrantedSecondFactorAttempt } from "./day-lock";
import { generateRecoveryCodes } from "./recovery-codes";
import { generateTotpSecret, matchTotpStep, totpKeyUri } from "./totp";
import { verifySecondFactor } from "./verify-second-factor";
import { WRONG_SETUP_CODE, wrongSecondFactorMessage } from "./wrong-code";

type Person = { id: string; email: string };

/**
 * Starts (or restarts) setting up an authenticator. SECURITY: only on a fresh step-up, or the password sign-in that
 * created the session minutes ago (a session's step-up is stamped when it is created), so that someone holding a
 * stolen session cannot put their own phone on an account without two-factor and lock its owner out. The secret is
 * returned to its owner this once, to show as a QR code and as text; it is stored only encrypted, and is not active
 * until a code proves the app has it.
 */
export async function startTotpEnrollment(
  db: Db,
  context: AuditContext,
  user: Person & Pick<SessionUser, "reauthenticatedAt">,
): Promise<{ secret: string; otpauthUri: string; qrSvg: string }> {
  if (!hasFreshStepUp(user)) {
    const summary = { permission: "two_factor.enroll", reason: "step_up_required" };
    await record(db, context, { action: "permission.denied", outcome: "denied", targetType: "user", targetId: user.id, summary });
    throw new ActionError("step_up_required", "Confirm it's you before setting up two-factor sign-in.");
  }
  const state = await findTwoFactorState(db, user.id);
  if (state?.secretEncrypted) throw new ActionError("conflict", "Two-factor sign-in is already on. Turn it off first to move to a new device.");
  const secret = generateTotpSecret();
  const otpauthUri = totpKeyUri(user.email, secret);
  await db.transaction(async (tx) => {
    await setPendingTotpSecret(tx, { userId: user.id, encrypted: encryptString(secret) });
    await record(tx, context, { action: "two_factor.enrollment_started", targetType: "user", targetId: user.id });
  });
  // Inline SVG rather than a data: image, so a strict Content-Security-Policy (img-src) has nothing to allow.
  return { secret, otpauthUri, qrSvg: await QRCode.toString(otpauthUri, { type: "svg", margin: 1, width: 220, errorCorrectionLevel: "M" }) };
}

/** Which form a code was typed in, for the audit rows: turning two-factor on, turning it off, new recovery codes. */
type Stage = "enrollment" | "disable" | "recovery_codes";

/**
 * SECURITY: counts the attempt in the person's two-factor limits, which signing in and the step-up share, before the
 * code is checked. A refusal is audited once per limit window, whichever form meets it first, as the step-up's are.
 */
async function refuseIfLimited(db: Db, context: AuditContext, userId: string, stage: Stage): Promise<GrantedSecondFactorAttempt> {
  const limit = await consumeSecondFactorAttempt(db, userId); // counted before the check, atomically
  if (!limit.limited) return limit;
  await auditLimitRefusal(db, context, limit, { action: "two_factor.failed", targetType: "user", targetId: userId, summary: { stage, reason: "rate_limited" } });
  throw new ActionError("rate_limited", `Too many wrong codes. Try again ${describeRetry(limit.retryAfterSeconds)}.`);
}

async function countFailure(db: Db, context: AuditContext, userId: string, stage: Stage, code: string): Promise<never> {
  await db.transaction(async (tx) => {
    await record(tx, context, { action: "two_factor.failed", outcome: "failure", targetType: "user", targetId: userId, summary: { stage } });
  });
  await noteWrongSecondFactor(db, context, userId);
  // The same text as the message and on the field: the form then shows it once.
  const message = stage === "enrollment" ? WRONG_SETUP_CODE : wrongSecondFactorMessage(code);
  throw new ActionError("invalid_input", message, { code: message });
}

const ALREADY_ON = "Two-factor sign-in is already on.";
const NOTHING_PENDING = "Start the set-up again: no authenticator is waiting to be confirmed.";

/** Why a checked confirmation did not switch two-factor on, from the person's state as it is now. */
async function refusalAfterRace(db: Db, userId: string): Promise<ActionError> {
  const state = await findTwoFactorState(db, userId);
  if (state?.secretEncrypted) {
    return new ActionError("conflict", `${ALREADY_ON} This set-up was just confirmed, in another tab or by an earlier try: use the recovery codes shown there, or make new ones here.`);
  }
  if (!state?.pendingSecretEncrypted) return new ActionError("conflict", NOTHING_PENDING);
  return new ActionError("conflict", "Start the set-up again: it was restarted meanwhile, and this code is from the authenticator it replaced.");
}

/** Confirms the pending authenticator with a code it shows, turns two-factor on and returns ten recovery codes, once. */
export async function confirmTotpEnrollment(db: Db, context: AuditContext, user: Person, code: string): Promise<{ recoveryCodes: string[] }> {
  const attempt = await refuseIfLimited(db, context, user.id, "enrollment");
  const state = await findTwoFactorState(db, user.id);
  if (state?.secretEncrypted) throw new ActionError("conflict", ALREADY_ON);
  const pendingEncrypted = state?.pendingSecretEncrypted;
  if (!pendingEncrypted) throw new ActionError("conflict", NOTHING_PENDING);
  const step = matchTotpStep(code, decryptString(pendingEncrypted));
  if (step === null) return countFailure(db, context, user.id, "enrollment", code);
  const { codes, hashes } = await generateRecoveryCodes();
  const switchedOn = await db.transaction(async (tx) => {
    // SECURITY: the switch-on is conditional (not yet on, the pending secret still the one the code was checked
    // against) and takes the person's row first, so of parallel confirmations, or one racing a restarted set-up, only
    // one writes recovery codes and returns them: the codes shown are always the codes stored, and the code works once.
    if (!(await switchOnPendingTotpSecret(tx, { userId: user.id, pendingEncrypted, step }))) return false;
    await acceptSecondFactor(tx, user.id, attempt);
    await replaceRecoveryCodes(tx, { userId: user.id, hashes });
    await record(tx, context, { action: "two_factor.enabled", targetType: "user", targetId: user.id, summary: { recoveryCodes: codes.length } });
    return true;
  });
  if (!switchedOn) throw await refusalAfterRace(db, user.id);
  return { recoveryCodes: codes };
}

/** Turns two-factor off with a current code (authenticator or recovery), unless the person's role requires it. */
export async function disableTotp(db: Db, context: AuditContext, user: Person & { required: boolean }, code: string): Promise<void> {
  if (user.required) throw new ActionError("forbidden", "Your role must use two-factor sign-in, so it cannot be turned off. An administrator can reset it if you lose your device.");
  const attempt = await refuseIfLimited(db, context, user.id, "disable");
  const method = await verifySecondFactor(db, user.id, code);
  if (!method) return countFailure(db, context, user.id, "disable", code);
  await db.transaction(async (tx) => {
    await acceptSecondFactor(tx, user.id, attempt);
    await clearTotp(tx, user.id);
    await record(tx, context, { action: "two_factor.disabled", targetType: "user", targetId: user.id, summary: { method } });
  });
}

/** New recovery codes (the old ones stop working), proven with a current authenticator code. */
export async function regenerateRecoveryCodes(db: Db, context: AuditContext, user: Person, code: string): Promise<{ recoveryCodes: string[] }> {
  const attempt = await refuseIfLimited(db, context, user.id, "recovery_codes");
  const method = await verifySecondFactor(db, user.id, code);
  if (!method) return countFailure(db, context, user.id, "recovery_codes", code);
  const { codes, hashes } = await generateRecoveryCodes();
  await db.transaction(async (tx) => {
    await acceptSecondFactor(tx, user.id, attempt);
    await replaceRecoveryCodes(tx, { userId: user.id, hashes });
    await record(tx, context, { action: "two_factor.enabled", targetType: "user", targetId: user.id, summary: { recoveryCodesRegenerated: codes.length, method } });
  });
  return { recoveryCodes: codes };
}
