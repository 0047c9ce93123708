import type { SpendAccount } from "../ledger";
import type { Prng } from "../lib/prng";
import type { CardepassState, CdpCard } from "./state";

/** Appends a funding-account log line after applying the given change to available/blocked. */
export function moveFunding(
  state: CardepassState,
  rng: Prng,
  change: { type: string; availableDelta: number; blockedDelta?: number; orderNo?: string; cardId?: string | null; note?: string; at?: Date },
): void {
  state.funding.availableMinor += change.availableDelta;
  state.funding.blockedMinor += change.blockedDelta ?? 0;
  state.accountLogs.push({
    id: rng.hex(24),
    accountTransType: change.type,
    fundsDirection: change.availableDelta >= 0 ? "Income" : "Expenditure",
    currency: state.funding.currency,
    transMinor: change.availableDelta,
    availableAfterMinor: state.funding.availableMinor,
    blockedAfterMinor: state.funding.blockedMinor,
    orderNo: change.orderNo ?? "",
    note: change.note ?? "",
    cardId: change.cardId ?? null,
    transTime: change.at ?? new Date(),
  });
}

/**
 * ShareBalance cards spend from the shared funding account within maxAuthAmount (per transaction)
 * and maxCreditAmount (lifetime); Standard cards spend their own balance.
 */
export function createSpendAccount(state: CardepassState, rng: Prng): SpendAccount {
  const card = (cardId: string): CdpCard => {
    const c = state.cards.find((x) => x.cardId === cardId);
    if (!c) throw new Error(`unknown cardepass card ${cardId}`);
    return c;
  };
  return {
    check(cardId, amount) {
      const c = card(cardId);
      if (c.status !== "active") return "card_inactive";
      if (c.cardModel === "Standard") return c.balanceMinor >= amount ? null : "insufficient_balance";
      if (c.maxAuthMinor !== null && c.maxAuthMinor > 0 && amount > c.maxAuthMinor) return "over_auth_limit";
      if (c.maxCreditMinor !== null && c.usedCreditMinor + amount > c.maxCreditMinor) return "over_credit_limit";
      return state.funding.availableMinor >= amount ? null : "insufficient_balance";
    },
    hold(cardId, amount, txn) {
      const c = card(cardId);
      if (c.cardModel === "Standard") {
        c.balanceMinor -= amount;
        return;
      }
      c.usedCreditMinor += amount;
      moveFunding(state, rng, { type: "AuthBlock", availableDelta: -amount, blockedDelta: amount, cardId, note: txn.merchant.name, at: txn.authAt });
    },
    release(cardId, amount, txn) {
      const c = card(cardId);
      if (c.cardModel === "Standard") {
        c.balanceMinor += amount;
        return;
      }
      c.usedCreditMinor = Math.max(0, c.usedCreditMinor - amount);
      moveFunding(state, rng, { type: "AuthUnBlock", availableDelta: amount, blockedDelta: -amount, cardId, note: txn.merchant.name, at: txn.closedAt ?? new Date() });
    },
    capture(cardId, held, final, txn) {
      const c = card(cardId);
      if (c.cardModel === "Standard") {
        c.balanceMinor -= final - held;
        return;
      }
      c.usedCreditMinor += final - held;
      const at = txn.settledAt ?? new Date();
      moveFunding(state, rng, { type: "AuthUnBlock", availableDelta: held, blockedDelta: -held, cardId, note: txn.merchant.name, at });
      moveFunding(state, rng, { type: "Consume", availableDelta: -final, cardId, note: txn.merchant.name, at });
    },
    credit(cardId, amount, txn) {
      const c = card(cardId);
      if (c.cardModel === "Standard") {
        c.balanceMinor += amount;
        return;
      }
      c.usedCreditMinor = Math.max(0, c.usedCreditMinor - amount);
      moveFunding(state, rng, { type: "ConsumeRefund", availableDelta: amount, cardId, note: txn.merchant.name, at: txn.authAt });
    },
  };
}
