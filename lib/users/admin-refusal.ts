import type { DbOrTx } from "@/db/client";
import { record } from "@/lib/audit/record";
import type { AdminContext } from "./admin-context";

/**
 * Why an administrator's change to people or teams was refused (four eyes): giving themselves a role or a team, adding
 * people to a team they manage, or moving someone's cards and requests into one.
 */
export type AdminRefusal = "self_grant" | "manages_team" | "moves_into_managed";

/** The refusal's audit row (permission.denied, in the change's transaction); returns the refusal for the caller to throw. */
export async function recordAdminRefusal(
  tx: DbOrTx,
  context: AdminContext,
  target: { targetType: "team" | "user"; targetId: string; teamId?: string },
  refusal: AdminRefusal,
  detail: Record<string, unknown>,
): Promise<AdminRefusal> {
  const reason = refusal === "moves_into_managed" ? "manages_team" : refusal;
  await record(tx, context, { action: "permission.denied", outcome: "denied", ...target, summary: { permission: "admin.manage", reason, ...detail } });
  return refusal;
}
