import Link from "next/link";
import { ArrowUpCircle, Gauge, Sun } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { Actor } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { availableCardActions, type CardForActions } from "@/lib/cards/card-actions";
import { approvedRequestAuthority } from "@/lib/requests/authority";

/**
 * On one's own card, what one cannot do directly but may ask for: a top-up, a limit increase, an unfreeze. Shown only
 * when the card could take it once approved and the person could not simply do it themselves.
 */
export function CardRequestLinks({ user, card }: { user: Actor; card: CardForActions & { id: string } }) {
  if (card.ownerUserId !== user.id || !can(user, "card.request", card)) return null;
  const possible = availableCardActions(approvedRequestAuthority(card.organizationId), card);
  const direct = availableCardActions(user, card);
  const links = [
    { action: "topUp", kind: "top_up", label: "Request a top-up", icon: ArrowUpCircle },
    { action: "setLimits", kind: "limit_increase", label: "Request a limit increase", icon: Gauge },
    { action: "unfreeze", kind: "unfreeze", label: "Request unfreeze", icon: Sun },
  ] as const;
  const shown = links.filter((link) => possible.has(link.action) && !direct.has(link.action));
  if (shown.length === 0) return null;
  return (
    <div className="flex flex-wrap gap-2" aria-label="Ask for a change">
      {shown.map(({ kind, label, icon: Icon }) => (
        <Button key={kind} asChild variant="outline">
          <Link href={`/requests/new?kind=${kind}&cardId=${card.id}`}>
            <Icon aria-hidden /> {label}
          </Link>
        </Button>
      ))}
    </div>
  );
}
