import { activateTotpSecret } from "@/db/queries/two-factor";
import type { Db } from "@/db/client";
import type { SessionUser } from "@/lib/auth/session-user";
import { encryptString } from "@/lib/crypto";
import { currentTotpCode, generateTotpSecret } from "@/lib/two-factor/totp";
import { sessionUserFor } from "./session-user";

/** The error code a call fails with, or "ok": for tests of limits that refuse with ActionError codes. */
export async function outcomeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

/** Puts an authenticator on the person (as a confirmed enrolment would) and returns them signed in, with its secret. */
export async function withAuthenticator(db: Db, email: string): Promise<{ user: SessionUser; secret: string }> {
  const secret = generateTotpSecret();
  const { id } = await sessionUserFor(db, email);
  await activateTotpSecret(db, { userId: id, encrypted: encryptString(secret), step: 0 });
  const user = await sessionUserFor(db, email);
  if (!user.hasTotp) throw new Error(`${email} has no authenticator after enrolling one`);
  return { user, secret };
}

const TOTP_STEP_MS = 30_000;

/** Six-digit codes the authenticator shows at no step near now, so none can be accepted. */
export function wrongTotpCodes(secret: string, count: number): string[] {
  const near = new Set([-3, -2, -1, 0, 1, 2, 3].map((offset) => currentTotpCode(secret, Date.now() + offset * TOTP_STEP_MS)));
  const codes: string[] = [];
  for (let candidate = 0; codes.length < count; candidate += 1) {
    const code = String(candidate).padStart(6, "0");
    if (!near.has(code)) codes.push(code);
  }
  return codes;
}
