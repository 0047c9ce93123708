import { formatMoney, formatUtcDateTime } from "@/lib/format";
import type { CardModel, CardStatus } from "@/lib/providers/types";

const CLOSED_LABELS: Partial<Record<CardStatus, string>> = { cancelled: "Cancelled", expired: "Expired" };

/**
 * What the card page says beside the balance of a closed card that still has money at its provider: refunds and won
 * disputes reach a card after it closed, and the provider keeps them on the card, so the balance is not spendable and
 * not back in the funding account either. Null for an open card, a zero balance, and a ShareBalance card (its figure is
 * not money on the card). `providerLabel` is the provider's name as the page shows it.
 */
export function closedBalanceNote(card: { status: CardStatus; cardModel: CardModel; balance: bigint | null; currency: string; closedAt: Date | null }, providerLabel: string): string | null {
  const label = CLOSED_LABELS[card.status];
  if (!label || card.cardModel === "sharebalance" || card.balance === null || card.balance === 0n) return null;
  const since = card.closedAt ? ` on ${formatUtcDateTime(card.closedAt)}` : "";
  const when = card.status === "cancelled" ? "refunds after cancellation" : "money left or refunded after it expired";
  if (card.balance > 0n) return `${label}${since} · ${formatMoney(card.balance, card.currency)} still held by ${providerLabel} (${when}).`;
  return `${label}${since} · the card owes ${providerLabel} ${formatMoney(-card.balance, card.currency)} (charges after it closed).`;
}
