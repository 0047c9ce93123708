import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { getDb } from "@/db/client";
import { listCardsOfDeactivatedOwners } from "@/db/queries/people";
import { formatMaskedNumber } from "@/lib/format-card-number";

const SHOWN = 20;

/** For finance: cards whose holder was deactivated, to reassign or freeze. Nothing is shown when there are none. */
export async function CardsOfDeactivatedPeople({ organizationId }: { organizationId: string }) {
  const rows = await listCardsOfDeactivatedOwners(getDb(), { organizationId, limit: SHOWN + 1 });
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="deactivated-cards-heading">
      <Alert>
        <h2 id="deactivated-cards-heading" className="font-medium">
          Cards held by deactivated people
        </h2>
        <p className="text-muted-foreground mb-2">Their holders can no longer sign in. Reassign or freeze each one from its page.</p>
        <ul className="grid gap-1">
          {rows.slice(0, SHOWN).map((card) => (
            <li key={card.id}>
              <Link href={`/cards/${card.id}`} className="underline">
                {card.alias}
              </Link>{" "}
              <span className="text-muted-foreground">
                {formatMaskedNumber(card.maskedNumber)} · {card.ownerName} · {card.status}
              </span>
            </li>
          ))}
        </ul>
        {rows.length > SHOWN ? <p className="text-muted-foreground mt-2">And more: filter the card list by owner to see them all.</p> : null}
      </Alert>
    </section>
  );
}
