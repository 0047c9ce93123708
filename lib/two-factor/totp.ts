import { authenticator } from "otplib";

// One 30-second step either side of now tolerates a phone clock that is slightly off.
const totp = authenticator.clone({ window: 1 });
const STEP_SECONDS = 30;
export const TOTP_ISSUER = "Cardhub";

export function generateTotpSecret(): string {
  return totp.generateSecret(20);
}

export function totpKeyUri(email: string, secret: string): string {
  return totp.keyuri(email, TOTP_ISSUER, secret);
}

export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, "");
}

/** The time step a valid code belongs to, or null. The step is what makes a code single-use (see claimTotpStep). */
export function matchTotpStep(code: string, secret: string, now = Date.now()): number | null {
  const token = normalizeCode(code);
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp.clone({ epoch: now }).checkDelta(token, secret);
  if (delta === null) return null;
  return Math.floor(now / 1000 / STEP_SECONDS) + delta;
}

/** For tests and the e2e suite: the code an authenticator app shows now. */
export function currentTotpCode(secret: string, now = Date.now()): string {
  return totp.clone({ epoch: now }).generate(secret);
}
