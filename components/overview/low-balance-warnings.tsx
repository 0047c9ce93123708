import Link from "next/link";
import { TriangleAlert } from "lucide-react";
import { getDb } from "@/db/client";
import { listLowBalances } from "@/db/queries/low-balance";
import { formatMoney } from "@/lib/format";

/**
 * Funding accounts and currencies below the threshold an administrator set in Settings, as of their last refresh.
 * Nothing is shown when every account is above its thresholds (or none are set).
 */
export async function LowBalanceWarnings({ organizationId }: { organizationId: string }) {
  const low = await listLowBalances(getDb(), { organizationId });
  if (low.length === 0) return null;
  return (
    <section aria-labelledby="low-balance-heading" className="border-warning/60 grid gap-3 rounded-lg border p-4">
      <h2 id="low-balance-heading" className="flex items-center gap-2 text-lg font-semibold">
        <TriangleAlert aria-hidden className="text-warning size-5" />
        Low funding balances ({low.length})
      </h2>
      <p className="text-muted-foreground text-sm">
        New cards and top-ups are paid from these balances. Add money at the provider, or change the thresholds in Settings.
      </p>
      <ul className="grid gap-2">
        {low.map((item) => (
          <li key={`${item.providerAccountId}:${item.currency}`} className="grid gap-0.5 text-sm">
            <span>
              <Link href="/funding" className="font-medium underline underline-offset-4">
                {item.accountLabel}
              </Link>{" "}
              <span className="text-muted-foreground">{item.currency}</span>
            </span>
            <span className="text-muted-foreground text-xs">
              {item.availableMinor === null ? "No balance reported by the provider" : `${formatMoney(item.availableMinor, item.currency)} available`}, below the threshold of{" "}
              {formatMoney(item.thresholdMinor, item.currency)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
