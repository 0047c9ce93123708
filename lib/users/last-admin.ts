import type { DbOrTx } from "@/db/client";
import { countActiveAdmins, lockOrganization } from "@/db/queries/people";
import { ActionError } from "@/lib/actions/result";

/**
 * Call inside the transaction of a change that takes the admin role away from `userId` or deactivates them. The
 * organisation row lock makes two such changes run one after the other, so two admins cannot demote each other at
 * once and leave nobody able to administer the organisation.
 */
export async function assertAnotherActiveAdmin(db: DbOrTx, params: { organizationId: string; userId: string }): Promise<void> {
  await lockOrganization(db, params.organizationId);
  if ((await countActiveAdmins(db, { organizationId: params.organizationId, exceptUserId: params.userId })) === 0) {
    throw new ActionError("conflict", "This is the last active administrator. Make someone else an administrator first.", {
      roles: "The organisation must keep at least one active administrator.",
    });
  }
}
