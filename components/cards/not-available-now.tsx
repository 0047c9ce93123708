import { Clock } from "lucide-react";
import type { HeldCardAction } from "@/lib/cards/card-actions";
import type { CardRequestKind } from "@/lib/requests/card-takes-request";
import type { HeldCardRequest } from "@/lib/requests/held-card-requests";

/** As the buttons and request links they stand for are labelled (card-actions-bar, card-request-links). */
const ACTION_LABELS: Partial<Record<HeldCardAction["action"], string>> = { topUp: "Top up", withdraw: "Withdraw", setLimits: "Change limits" };
const REQUEST_LABELS: Record<CardRequestKind, string> = {
  top_up: "Request a top-up",
  limit_increase: "Request a limit increase",
  unfreeze: "Request unfreeze",
  activate: "Request activation",
};

/**
 * The actions (and, on one's own card, requests) the card's state alone holds back, each with why, instead of
 * their buttons missing without a word. What the provider does not offer at all is ProviderLimitations' to say.
 */
export function NotAvailableNow({ held, heldRequests }: { held: HeldCardAction[]; heldRequests: HeldCardRequest[] }) {
  const items = [
    ...held.map((item) => ({ key: item.action, label: ACTION_LABELS[item.action] ?? item.action, reason: item.reason })),
    ...heldRequests.map((item) => ({ key: item.kind, label: REQUEST_LABELS[item.kind], reason: item.reason })),
  ];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="not-available-now-heading" className="bg-muted/40 grid gap-2 rounded-lg border p-4 text-sm">
      <h2 id="not-available-now-heading" className="flex items-center gap-2 font-medium">
        <Clock aria-hidden className="text-muted-foreground size-4" /> Not available now
      </h2>
      <ul className="grid gap-2">
        {items.map((item) => (
          <li key={item.key}>
            <span className="font-medium">{item.label}:</span> {item.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}
