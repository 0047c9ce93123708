import { spendableMinor } from "./cardepass/views";
import { CARD_STATUS } from "./cardopenapi/inferred-endpoints";
import type { SandboxContext } from "./context";
import type { ProviderName } from "./faults";
import type { Ledger, SandboxTxn } from "./ledger";
import { currencyExponent } from "./lib/money";
import { MERCHANTS, toUsdCents, type Merchant } from "./merchants";
import { nbBalance } from "./nobepay/state";

export interface ActiveCard {
  cardId: string;
  spendableMinor: number;
}

export function ledgerOf(ctx: SandboxContext, provider: ProviderName): Ledger {
  return ctx[provider].ledger;
}

export function activeCards(ctx: SandboxContext, provider: ProviderName): ActiveCard[] {
  switch (provider) {
    case "cardepass":
      return ctx.cardepass.cards.filter((c) => c.status === "active").map((c) => ({ cardId: c.cardId, spendableMinor: spendableMinor(ctx, c) }));
    case "nobepay":
      return ctx.nobepay.cards.filter((c) => c.status === "ACTIVE").map((c) => ({ cardId: c.cardId, spendableMinor: nbBalance(c) }));
    case "cardopenapi":
      return ctx.cardopenapi.cards.filter((c) => c.status === CARD_STATUS.active).map((c) => ({ cardId: c.cardId, spendableMinor: c.balanceMinor }));
  }
}

/** A purchase in the merchant's currency, converted to the card's USD at the sandbox's fixed rates. */
export function purchaseAt(ctx: SandboxContext, provider: ProviderName, cardId: string, merchant: Merchant, originalMinor: number, at?: Date) {
  const exponent = currencyExponent(merchant.currency);
  return ledgerOf(ctx, provider).authorize({
    cardId,
    amountUsdMinor: toUsdCents(originalMinor, merchant.currency, exponent),
    originalAmountMinor: originalMinor,
    originalCurrency: merchant.currency,
    merchant,
    at,
  });
}

export function randomAmountMinor(ctx: SandboxContext, merchant: Merchant): number {
  // Mostly small, sometimes large: roughly $1 to $400 in the merchant's currency.
  const usdCents = ctx.rng.chance(0.8) ? ctx.rng.int(100, 8_000) : ctx.rng.int(8_000, 40_000);
  return merchant.currency === "JPY" ? Math.round(usdCents * 1.5) : usdCents;
}

/** One step of realistic activity: a new authorisation, settlement, reversal, expiry, refund or decline. */
export function activityStep(ctx: SandboxContext): string {
  const rng = ctx.rng;
  const provider = rng.pick(["cardepass", "nobepay", "cardopenapi"] as const);
  const ledger = ledgerOf(ctx, provider);
  const pending = ledger.pending();
  const roll = rng.next();

  if (pending.length > 0 && roll < 0.4) {
    const txn = rng.pick(pending);
    const r = rng.next();
    if (r < 0.8) {
      // Cross-currency purchases settle slightly off the authorised amount, as real FX does.
      const drift = txn.originalCurrency === "USD" ? 0 : Math.round((txn.amountMinor * rng.int(-150, 150)) / 10_000);
      ledger.settle(txn.id, Math.max(1, txn.amountMinor + drift));
      return `${provider}: settled ${txn.id}`;
    }
    if (r < 0.92) {
      ledger.reverse(txn.id);
      return `${provider}: reversed ${txn.id}`;
    }
    ledger.expire(txn.id);
    return `${provider}: expired ${txn.id}`;
  }

  const settled = ledger.txns.filter((t) => t.kind === "purchase" && t.status === "settled" && !ledger.txns.some((r) => r.refundOf === t.id));
  if (settled.length > 0 && roll < 0.46) {
    const txn = rng.pick(settled);
    const full = txn.settledAmountMinor ?? txn.amountMinor;
    ledger.refund(txn.id, rng.chance(0.5) ? full : Math.max(1, Math.floor(full / 2)));
    return `${provider}: refunded ${txn.id}`;
  }

  const cards = activeCards(ctx, provider);
  if (cards.length === 0) return `${provider}: no active cards`;
  const card = rng.pick(cards);
  const merchant = rng.pick(MERCHANTS);
  // About one attempt in twelve deliberately exceeds what the card can spend, to produce declines.
  const overspend = rng.chance(0.08) && merchant.currency === "USD";
  const amount = overspend ? card.spendableMinor + rng.int(100, 50_000) : randomAmountMinor(ctx, merchant);
  const txn = purchaseAt(ctx, provider, card.cardId, merchant, amount);
  return `${provider}: ${txn.status === "declined" ? "declined" : "authorised"} ${txn.id}`;
}

/** Deterministic history so transaction lists are not empty on a fresh start. */
export function seedHistory(ctx: SandboxContext): void {
  const base = Date.UTC(2025, 3, 1, 9, 0, 0);
  for (const provider of ["cardepass", "nobepay", "cardopenapi"] as const) {
    const ledger = ledgerOf(ctx, provider);
    activeCards(ctx, provider).forEach((card, i) => {
      const at = (day: number, hour = 0) => new Date(base + (day * 24 + hour + i) * 3600_000);
      const usd = MERCHANTS.filter((m) => m.currency === "USD");
      const m = (k: number) => usd[(i * 3 + k) % usd.length] ?? MERCHANTS[0]!;
      // A seeded purchase the card cannot afford is simply declined; only approved ones move on.
      const approved = (t: SandboxTxn) => t.status === "pending";
      const a = purchaseAt(ctx, provider, card.cardId, m(0), 4_599 + i * 100, at(0));
      if (approved(a)) ledger.settle(a.id, undefined, at(1));
      const b = purchaseAt(ctx, provider, card.cardId, m(1), 12_000 + i * 250, at(2));
      if (approved(b)) {
        ledger.settle(b.id, undefined, at(3));
        ledger.refund(b.id, 2_000, at(5));
      }
      const c = purchaseAt(ctx, provider, card.cardId, m(2), 1_999, at(6));
      if (approved(c)) ledger.reverse(c.id, at(6, 2));
      const eur = MERCHANTS.find((x) => x.currency === "EUR") ?? m(0);
      const d = purchaseAt(ctx, provider, card.cardId, eur, 8_850, at(8));
      if (approved(d)) ledger.settle(d.id, d.amountMinor + 37, at(9));
      purchaseAt(ctx, provider, card.cardId, m(3), 2_500, at(10));
    });
  }
}

export class ActivityGenerator {
  private stop: (() => void) | null = null;
  intervalMs = 0;

  constructor(private readonly ctx: SandboxContext) {}

  start(intervalMs: number): void {
    this.halt();
    this.intervalMs = intervalMs;
    if (intervalMs <= 0) return;
    this.stop = this.ctx.scheduler.every(intervalMs, () => {
      try {
        activityStep(this.ctx);
      } catch (e) {
        this.ctx.log(`activity step failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  }

  halt(): void {
    this.stop?.();
    this.stop = null;
  }
}
