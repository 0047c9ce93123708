import type { Db } from "@/db/client";
import { findPerson } from "@/db/queries/people";
import { clearTotp, findTwoFactorState } from "@/db/queries/two-factor";
import { ActionError } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import { endUserSessions } from "@/lib/auth/end-session";
import { clearSecondFactorCounts } from "@/lib/two-factor/day-lock";
import type { AdminContext } from "./admin-context";

/**
 * For a lost phone, or a person locked out by wrong codes: an administrator removes their authenticator and recovery
 * codes, and the counts of their wrong codes (a day's lock included); they enrol again.
 */
export async function resetTwoFactor(db: Db, context: AdminContext, input: { userId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const person = await findPerson(tx, input.userId);
    if (!person || person.organizationId !== context.organizationId) throw new ActionError("not_found", "That person does not exist.");
    if (person.id === context.actorUserId) throw new ActionError("conflict", "Turn off your own two-factor sign-in from your account menu.");
    const state = await findTwoFactorState(tx, person.id);
    if (!state?.secretEncrypted) throw new ActionError("conflict", "This person has no two-factor sign-in to reset.");
    await clearTotp(tx, person.id);
    await clearSecondFactorCounts(tx, person.id);
    await endUserSessions(tx, { owner: person, reason: "two_factor_reset", actor: context });
    await record(tx, context, { action: "two_factor.reset", targetType: "user", targetId: person.id, summary: { before: { twoFactor: true }, after: { twoFactor: false } } });
  });
}
