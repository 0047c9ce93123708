import { activeCards, ledgerOf, purchaseAt, randomAmountMinor } from "./activity";
import { rechainAccountLogs } from "./cardepass/spend";
import type { SandboxContext } from "./context";
import { PROVIDERS, type ProviderName } from "./faults";
import { MERCHANTS } from "./merchants";

const DAY_MS = 86_400_000;
/** cardepass-v2.md: "查询时间范围不建议超过3个月" — a backfill fits in one query window of at most 90 days. */
export const MAX_BACKFILL_DAYS = 90;
/** Share of a card's spendable amount the backfill may use, so the card still works afterwards. */
const BUDGET_SHARE = 0.6;
/** Chance of a purchase on a given day, per card. */
const DAILY_PURCHASE_CHANCE = 0.45;

export type BackfillSummary = { days: number; from: string; to: string; transactions: Record<ProviderName, number> };

/**
 * Backdated activity for every active card over the past `days` days, through the same ledgers, spending rules and
 * merchant catalogue as the live generator: purchases (most settled a day later, FX purchases slightly off), a few
 * reversals, refunds and declines. Balances are charged exactly as live purchases charge them. NobePay webhooks are
 * not sent for it (a provider does not notify about the past); the app reads it through the transaction lists.
 */
export function backfillActivity(ctx: SandboxContext, days: number, now: Date = new Date()): BackfillSummary {
  const rng = ctx.rng;
  const dayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(dayStart - days * DAY_MS);
  const transactions = { cardepass: 0, nobepay: 0, cardopenapi: 0 } satisfies Record<ProviderName, number>;

  for (const provider of PROVIDERS) {
    const ledger = ledgerOf(ctx, provider);
    const before = ledger.txns.length;
    const notify = ledger.onChange;
    ledger.onChange = () => {};
    try {
      for (const card of activeCards(ctx, provider)) {
        const expected = Math.max(1, Math.round(days * DAILY_PURCHASE_CHANCE));
        const perPurchase = Math.max(100, Math.floor((card.spendableMinor * BUDGET_SHARE) / expected));
        for (let day = days; day >= 1; day -= 1) {
          if (!rng.chance(DAILY_PURCHASE_CHANCE)) continue;
          const at = new Date(dayStart - day * DAY_MS + rng.int(7 * 3600_000, 22 * 3600_000));
          const merchant = rng.pick(MERCHANTS);
          // About one attempt in fifteen exceeds what the card can spend, so the history has declines.
          const overspend = merchant.currency === "USD" && rng.chance(0.07);
          const spendable = activeCards(ctx, provider).find((c) => c.cardId === card.cardId)?.spendableMinor ?? 0;
          const cap = Math.max(100, rng.int(Math.floor(perPurchase / 2), Math.floor((perPurchase * 3) / 2)));
          const amount = overspend ? spendable + rng.int(100, 50_000) : Math.min(randomAmountMinor(ctx, merchant), merchant.currency === "JPY" ? Math.round(cap * 1.5) : cap);
          const txn = purchaseAt(ctx, provider, card.cardId, merchant, amount, at);
          if (txn.status !== "pending") continue;
          const settleAt = new Date(at.getTime() + rng.int(6, 30) * 3600_000);
          if (settleAt >= now) continue; // still an open authorisation today
          if (rng.chance(0.06)) {
            ledger.reverse(txn.id, new Date(at.getTime() + rng.int(1, 5) * 3600_000));
            continue;
          }
          const drift = txn.originalCurrency === "USD" ? 0 : Math.round((txn.amountMinor * rng.int(-150, 150)) / 10_000);
          ledger.settle(txn.id, Math.max(1, txn.amountMinor + drift), settleAt);
          const refundAt = new Date(settleAt.getTime() + rng.int(1, 6) * DAY_MS);
          if (refundAt < now && rng.chance(0.07)) {
            const full = txn.settledAmountMinor ?? txn.amountMinor;
            ledger.refund(txn.id, rng.chance(0.5) ? full : Math.max(1, Math.floor(full / 2)), refundAt);
          }
        }
      }
    } finally {
      ledger.onChange = notify;
    }
    transactions[provider] = ledger.txns.length - before;
  }
  rechainAccountLogs(ctx.cardepass);
  return { days, from: from.toISOString(), to: now.toISOString(), transactions };
}
