import { Info } from "lucide-react";
import type { MissingCardAction } from "@/lib/cards/provider-limits";

/**
 * Says which actions the card's provider does not offer, instead of leaving their buttons out silently; the
 * cardholder also reads what to do instead.
 */
export function ProviderLimitations({ providerLabel, missing, forCardholder }: { providerLabel: string; missing: MissingCardAction[]; forCardholder: boolean }) {
  if (missing.length === 0) return null;
  return (
    <section aria-labelledby="provider-limits-heading" className="bg-muted/40 grid gap-2 rounded-lg border p-4 text-sm">
      <h2 id="provider-limits-heading" className="flex items-center gap-2 font-medium">
        <Info aria-hidden className="text-muted-foreground size-4" /> Not offered by {providerLabel}
      </h2>
      <ul className="grid gap-2">
        {missing.map((item) => (
          <li key={item.operation}>
            <span className="font-medium">{item.action}:</span> {item.why}
            {forCardholder ? <span className="text-muted-foreground block">Instead: {item.instead}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
