/** Who is asking to write a memo: their id and roles. */
export type MemoWriter = { id: string; roles: readonly string[] };

/**
 * Only the cardholder writes a transaction's memo, and not one who is only an auditor (a card issued to them, or a
 * cardholder made auditor): auditors change nothing. The server's check (updateMemo) and the drawer's form share it.
 */
export function whyNoMemo(writer: MemoWriter, ownerUserId: string | null): "not_own_transaction" | "auditor_changes_nothing" | null {
  if (ownerUserId === null || ownerUserId !== writer.id) return "not_own_transaction";
  if (!writer.roles.some((role) => role !== "auditor")) return "auditor_changes_nothing";
  return null;
}
