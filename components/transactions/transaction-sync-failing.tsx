import { Alert } from "@/components/ui/alert";
import type { SyncHealth } from "@/db/queries/provider-sync-status";
import { formatUtcDateTime } from "@/lib/format";
import { isFailing } from "@/lib/provider-accounts/background-sync";

/**
 * The provider accounts whose newest read of transactions failed, above the list: its newest rows may be missing, and
 * "Check providers now" only asks for a read, so without this only an administrator's settings page would say so.
 */
export function TransactionSyncFailing({ accounts, health }: { accounts: readonly { id: string; label: string }[]; health: ReadonlyMap<string, SyncHealth> }) {
  const failing = accounts.flatMap((account) => {
    const read = health.get(account.id);
    return read && read.lastErrorAt && isFailing(read) ? [{ label: account.label, failedAt: read.lastErrorAt, lastSuccessAt: read.lastSuccessAt }] : [];
  });
  if (failing.length === 0) return null;
  return (
    <Alert>
      <ul className="grid gap-1">
        {failing.map((account) => (
          <li key={account.label}>
            Reading new transactions from {account.label} failed at {formatUtcDateTime(account.failedAt)}
            {account.lastSuccessAt ? `; the last read that worked was at ${formatUtcDateTime(account.lastSuccessAt)}` : "; no read has worked yet"}, so newer
            ones may be missing here. Cardhub keeps trying.
          </li>
        ))}
      </ul>
    </Alert>
  );
}
