import { AlertTriangle } from "lucide-react";
import { ProviderText } from "@/components/providers/provider-text";
import { Alert } from "@/components/ui/alert";
import type { SyncHealth } from "@/db/queries/provider-sync-status";
import { formatUtcDateTime } from "@/lib/format";
import { productsRefreshOutcome } from "@/lib/products/products-refresh-outcome";

const fullStop = (text: string) => (/[.!?]$/.test(text) ? "" : ".");

/** The reasons in the provider's words: inline after the sentence when there is one, a list when there are several. */
function Reasons({ lead, reasons }: { lead: string; reasons: string[] }) {
  const [only, ...more] = reasons;
  if (only !== undefined && more.length === 0) {
    return (
      <p>
        {lead}: <ProviderText text={only} />
        {fullStop(only)}
      </p>
    );
  }
  return (
    <>
      <p>{lead}:</p>
      <ul className="list-disc space-y-1 pl-5">
        {reasons.map((reason, index) => (
          <li key={index}>
            <ProviderText text={reason} />
            {fullStop(reason)}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * How an account's last products refresh went, when finance must know something of it: a partial refresh (some
 * products read, others not, each named with why) or a failed one. Nothing after a clean refresh: the account's line
 * says when.
 */
export function ProductsRefreshStatus({ health }: { health: SyncHealth | undefined }) {
  const outcome = productsRefreshOutcome(health);
  if (outcome.state === "partial") {
    const count = outcome.unread.length === 1 ? "1 product" : `${outcome.unread.length} products`;
    return (
      <Alert className="flex items-start gap-2">
        <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
        <div className="grid min-w-0 gap-1 break-words">
          <Reasons lead={`Refreshed ${formatUtcDateTime(outcome.at)}; ${count} could not be read`} reasons={outcome.unread} />
          <p className="text-muted-foreground">The other products and fees below are as read then.</p>
        </div>
      </Alert>
    );
  }
  if (outcome.state === "failed") {
    return (
      <Alert variant="destructive" className="flex items-start gap-2">
        <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
        <div className="grid min-w-0 gap-1 break-words">
          <Reasons lead={`The last refresh failed (${formatUtcDateTime(outcome.at)})`} reasons={outcome.reasons} />
          <p>Products and fees below may be out of date.</p>
        </div>
      </Alert>
    );
  }
  return null;
}
