import type { SpendAccount } from "../ledger";
import type { Prng } from "../lib/prng";
import type { AccountLog, CardepassState, CdpCard } from "./state";

/** The only line types that move money between available and blocked; every other line moves available alone. */
export const BLOCK_TRANSFER_TYPES: ReadonlySet<string> = new Set(["AuthBlock", "AuthUnBlock"]);

/**
 * Appends a funding-account log line after applying the given change to available/blocked. transAmount is the
 * available movement ("分正负号"); an AuthBlock/AuthUnBlock line moves the same amount the other way in blocked, so
 * for consecutive lines previous balance + movement = next balance, for available and blocked alike.
 */
export function moveFunding(
  state: CardepassState,
  rng: Prng,
  change: { type: string; availableDelta: number; blockedDelta?: number; orderNo?: string; cardId?: string | null; note?: string; at?: Date },
): void {
  const blockedDelta = change.blockedDelta ?? 0;
  if (BLOCK_TRANSFER_TYPES.has(change.type) ? blockedDelta !== -change.availableDelta : blockedDelta !== 0) {
    throw new Error(`sandbox: a ${change.type} line cannot move blocked by ${blockedDelta}`);
  }
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
 * Puts the funding account's lines back in time order and recomputes their running balances, ending at today's: lines
 * written with past times (the demo's backfill) were appended after today's, each with the balance at the moment it was
 * written, so the log listed them as newest and "previous balance + movement = next balance" broke around them. For a
 * log written in time order this changes nothing.
 */
export function rechainAccountLogs(state: CardepassState): void {
  const lines = state.accountLogs.map((line, index) => ({ line, index })).sort((a, b) => a.line.transTime.getTime() - b.line.transTime.getTime() || a.index - b.index).map(({ line }) => line);
  const blockedMove = (line: AccountLog) => (BLOCK_TRANSFER_TYPES.has(line.accountTransType) ? -line.transMinor : 0);
  let available = state.funding.availableMinor - lines.reduce((sum, line) => sum + line.transMinor, 0);
  let blocked = state.funding.blockedMinor - lines.reduce((sum, line) => sum + blockedMove(line), 0);
  for (const line of lines) {
    available += line.transMinor;
    blocked += blockedMove(line);
    line.availableAfterMinor = available;
    line.blockedAfterMinor = blocked;
  }
  state.accountLogs = lines;
}

/**
 * ShareBalance cards spend from the shared funding account within maxAuthAmount (per transaction)
 * and maxCreditAmount (lifetime); Standard cards spend their own balance (within a v2 maxAuthAmount, where set).
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
      // maxAuthAmount "单次交易最大金额" binds either model; only a v2 Standard apply sets one on a Standard card.
      if (c.maxAuthMinor !== null && c.maxAuthMinor > 0 && amount > c.maxAuthMinor) return "over_auth_limit";
      if (c.cardModel === "Standard") return c.balanceMinor >= amount ? null : "insufficient_balance";
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
