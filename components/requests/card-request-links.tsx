import Link from "next/link";
import { ArrowUpCircle, Gauge, Sun } from "lucide-react";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { listOpenRequestsForCard } from "@/db/queries/requests";
import type { Actor } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { availableCardActions, type CardForActions } from "@/lib/cards/card-actions";
import { approvedRequestAuthority } from "@/lib/requests/authority";

/**
 * On one's own card, what one cannot do directly but may ask for: a top-up, a limit increase, an unfreeze. Shown only
 * when the card could take it once approved and the person could not simply do it themselves.
 */
export async function CardRequestLinks({ user, card }: { user: Actor; card: CardForActions & { id: string } }) {
  if (card.ownerUserId !== user.id || !can(user, "card.request", card)) return null;
  const possible = availableCardActions(approvedRequestAuthority(card.organizationId), card);
  const direct = availableCardActions(user, card);
  const links = [
    { action: "topUp", kind: "top_up", label: "Request a top-up", openLabel: "Top-up requested", icon: ArrowUpCircle },
    { action: "setLimits", kind: "limit_increase", label: "Request a limit increase", openLabel: "Limit increase requested", icon: Gauge },
    { action: "unfreeze", kind: "unfreeze", label: "Request unfreeze", openLabel: "Unfreeze requested", icon: Sun },
  ] as const;
  const shown = links.filter((link) => possible.has(link.action) && !direct.has(link.action));
  if (shown.length === 0) return null;
  // A request already open for this card is shown as that request, not as a second form to fill in.
  const open = await listOpenRequestsForCard(getDb(), card.id);
  return (
    <>
      {shown.map(({ kind, label, openLabel, icon: Icon }) => {
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
