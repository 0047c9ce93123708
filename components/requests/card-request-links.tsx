import Link from "next/link";
import { ArrowUpCircle, Gauge, Power, Sun, type LucideIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { listOpenRequestsForCard } from "@/db/queries/requests";
import type { Actor } from "@/lib/auth/permissions";
import { cardRequestOffers } from "@/lib/requests/card-request-offers";
import type { CardForRequests, CardRequestKind } from "@/lib/requests/card-takes-request";

const LINKS: Record<CardRequestKind, { label: string; openLabel: string; icon: LucideIcon }> = {
  top_up: { label: "Request a top-up", openLabel: "Top-up requested", icon: ArrowUpCircle },
  limit_increase: { label: "Request a limit increase", openLabel: "Limit increase requested", icon: Gauge },
  unfreeze: { label: "Request unfreeze", openLabel: "Unfreeze requested", icon: Sun },
  activate: { label: "Request activation", openLabel: "Activation requested", icon: Power },
};

/** On one's own card, what one cannot do directly but may ask for (cardRequestOffers), each as a link to its form. */
export async function CardRequestLinks({ user, card }: { user: Actor; card: CardForRequests & { id: string } }) {
  const offers = cardRequestOffers(user, card);
  if (offers.length === 0) return null;
  // A request already open for this card is shown as that request, not as a second form to fill in.
  const open = await listOpenRequestsForCard(getDb(), card.id);
  return (
    <>
      {offers.map((kind) => {
        const { label, openLabel, icon: Icon } = LINKS[kind];
        const requestId = open.get(kind);
        return (
          <Button key={kind} asChild variant="outline">
            <Link href={requestId ? `/requests/${requestId}` : `/requests/new?kind=${kind}&cardId=${card.id}`}>
              <Icon aria-hidden /> {requestId ? openLabel : label}
            </Link>
          </Button>
        );
      })}
    </>
  );
}
