import Link from "next/link";
import { RefusalText } from "@/components/providers/refusal-text";
import { Button } from "@/components/ui/button";
import type { LocalOrderStatus } from "@/db/schema/provider-orders";
import { can, type Actor } from "@/lib/auth/permissions";
import { isNeverIssued } from "@/lib/cards/never-issued";
import type { CardStatus, OrderType } from "@/lib/providers/types";
import { FocusOnArrival } from "./focus-on-arrival";

type RefusedCard = { id: string; status: CardStatus };
type ShownOrder = { type: OrderType; status: LocalOrderStatus; failureMessage: string | null };

/**
 * The card page of a card whose issue the provider refused: says so plainly with the provider's reason, and offers
 * finance to issue it again from its details. Focused when the person arrives from the issue form (`arrived`).
 */
export function NeverIssuedNotice({ user, card, orders, providerLabel, arrived }: { user: Actor; card: RefusedCard; orders: ShownOrder[]; providerLabel: string; arrived: boolean }) {
  if (!isNeverIssued(card)) return null;
  const reason = orders.find((order) => order.type === "issue" && order.status === "failed")?.failureMessage ?? null;
  return (
    <FocusOnArrival
      focus={arrived}
      labelledBy="never-issued-heading"
      className="border-destructive/40 focus-visible:ring-ring/50 grid gap-3 rounded-lg border px-4 py-4 outline-none focus-visible:ring-[3px]"
    >
      <h2 id="never-issued-heading" className="text-base font-semibold">
        This card was not issued
      </h2>
      <p className="text-sm">
        {providerLabel} refused to issue it, so it does not exist at {providerLabel}: it has no card number, holds no money and takes no changes. What Cardhub
        recorded of the attempt stays here.
      </p>
      {reason ? (
        <p className="text-sm">
          <span className="text-muted-foreground">{providerLabel}&apos;s reason: </span>
          <RefusalText message={reason} orderType="issue" />
        </p>
      ) : null}
      {can(user, "card.issue") ? (
        <div>
          <Button asChild>
            <Link href={`/cards/new?from=${card.id}`}>Issue again with these details</Link>
          </Button>
        </div>
      ) : (
        <p className="text-muted-foreground text-sm">Finance can issue it again with these details.</p>
      )}
    </FocusOnArrival>
  );
}
