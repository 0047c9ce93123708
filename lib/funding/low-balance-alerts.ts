import type { DbOrTx } from "@/db/client";
import { listLowBalances } from "@/db/queries/low-balance";
import { closeRecoveredAlerts, openLowBalanceAlert } from "@/db/queries/low-balance-alerts";
import { insertNotifications } from "@/db/queries/notifications";
import { listActiveUserIdsWithRole } from "@/db/queries/users";
import { formatMoney } from "@/lib/format";

/**
 * After an account's balances were stored (same transaction): every currency that went from not-low to low opens a
 * crossing and notifies finance once; every currency back at or above its threshold closes its crossing (re-arms).
 */
export async function alertOnLowBalances(db: DbOrTx, account: { id: string; organizationId: string; label: string }, at: Date): Promise<{ opened: number; closed: number }> {
  const low = (await listLowBalances(db, { organizationId: account.organizationId })).filter((item) => item.providerAccountId === account.id);
  const closed = await closeRecoveredAlerts(db, { providerAccountId: account.id, stillLow: low.map((item) => item.currency), at });
  let opened = 0;
  for (const item of low) {
    const alert = await openLowBalanceAlert(db, {
      organizationId: account.organizationId,
      providerAccountId: account.id,
      currency: item.currency,
      thresholdMinor: item.thresholdMinor,
      availableMinor: item.availableMinor,
      at,
    });
    if (!alert) continue;
    opened += 1;
    const recipients = await listActiveUserIdsWithRole(db, { organizationId: account.organizationId, role: "finance" });
    const available = item.availableMinor === null ? "no reported balance" : `${formatMoney(item.availableMinor, item.currency)} available`;
    await insertNotifications(
      db,
      recipients.map((recipientUserId) => ({
        organizationId: account.organizationId,
        recipientUserId,
        // One crossing is one event: a retried or concurrent refresh can never notify anybody twice about it.
        eventKey: `low-balance:${alert.id}`,
        kind: "funding.low_balance",
        title: `${account.label}: ${item.currency} funding is low`,
        body: `${available}, below the threshold of ${formatMoney(item.thresholdMinor, item.currency)}.`,
        href: "/funding",
      })),
    );
  }
  return { opened, closed };
}
