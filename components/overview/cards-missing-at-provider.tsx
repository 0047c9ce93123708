import Link from "next/link";
import { SearchX } from "lucide-react";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import { getDb } from "@/db/client";
import { listCardsMissingAtProvider } from "@/db/queries/cards-missing";
import type { ProviderName } from "@/lib/providers/types";
import { formatMaskedNumber, formatUtcDateTime } from "@/lib/format";

const SHOWN = 20;

/**
 * Needs attention (for those who see every card): cards their provider answered "card not found" about on a sync.
 * Their actions are disabled until the provider knows them again. Nothing is shown when there are none.
 */
export async function CardsMissingAtProvider({ organizationId }: { organizationId: string }) {
  const rows = await listCardsMissingAtProvider(getDb(), { organizationId, limit: SHOWN + 1 });
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="missing-at-provider-heading" className="border-destructive/40 grid gap-3 rounded-lg border p-4">
      <h2 id="missing-at-provider-heading" className="flex items-center gap-2 text-lg font-semibold">
        <SearchX aria-hidden className="text-destructive size-5" />
        Cards not found at their provider ({rows.length > SHOWN ? `${SHOWN}+` : rows.length})
      </h2>
      <p className="text-muted-foreground text-sm">
        The provider answered &ldquo;card not found&rdquo; when Cardhub last synced these cards. Their balances are Cardhub&apos;s last copy and their actions are disabled.
        Ask the provider what happened to each one.
      </p>
      <ul className="grid gap-2">
        {rows.slice(0, SHOWN).map((card) => (
          <li key={card.id} className="grid gap-0.5 text-sm">
            <span>
              <Link href={`/cards/${card.id}`} className="font-medium underline underline-offset-4">
                {card.alias}
              </Link>{" "}
              <span className="text-muted-foreground font-mono text-xs">{formatMaskedNumber(card.maskedNumber, card.last4)}</span>
            </span>
            <span className="text-muted-foreground text-xs">
              {PROVIDER_LABELS[card.provider as ProviderName]} · {card.accountLabel} · not found since{" "}
              <time dateTime={card.providerMissingSince.toISOString()}>{formatUtcDateTime(card.providerMissingSince)}</time>
            </span>
          </li>
        ))}
      </ul>
      {rows.length > SHOWN ? <p className="text-muted-foreground text-sm">Only the {SHOWN} most recent are listed.</p> : null}
    </section>
  );
}
