import type { DbOrTx } from "@/db/client";
import { listLowBalances } from "@/db/queries/low-balance";
import { closeRecoveredAlerts, openLowBalanceAlert } from "@/db/queries/low-balance-alerts";
import { insertNotifications } from "@/db/queries/notifications";
import { listActiveUserIdsWithRole } from "@/db/queries/users";
import { lowBalanceNotice } from "./low-balance-text";

/**
 * After an account's balances were stored (same transaction): every currency (or, for a provider that funds each
 * segment apart, every segment) that went from not-low to low opens a crossing and notifies finance once; every one
 * back at or above its threshold closes its crossing (re-arms).
 */
export async function alertOnLowBalances(db: DbOrTx, account: { id: string; organizationId: string; label: string }, at: Date): Promise<{ opened: number; closed: number }> {
  const low = (await listLowBalances(db, { organizationId: account.organizationId })).filter((item) => item.providerAccountId === account.id);
  const closed = await closeRecoveredAlerts(db, { providerAccountId: account.id, stillLow: low.map(({ currency, scope }) => ({ currency, scope })), at });
  let opened = 0;
  for (const item of low) {
    const alert = await openLowBalanceAlert(db, {
      organizationId: account.organizationId,
      providerAccountId: account.id,
      currency: item.currency,
      scope: item.scope,
      thresholdMinor: item.thresholdMinor,
      availableMinor: item.availableMinor,
      at,
    });
    if (!alert) continue;
    opened += 1;
    const recipients = await listActiveUserIdsWithRole(db, { organizationId: account.organizationId, role: "finance" });
    const { title, body } = lowBalanceNotice(item, account.label);
    await insertNotifications(
      db,
      recipients.map((recipientUserId) => ({
        organizationId: account.organizationId,
        recipientUserId,
        // One crossing is one event: a retried or concurrent refresh can never notify anybody twice about it.
        eventKey: `low-balance:${alert.id}`,
        kind: "funding.low_balance",
        title,
        body,
        href: "/funding",
      })),
    );
  }
  return { opened, closed };
}
