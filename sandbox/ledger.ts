import type { ProviderName } from "./faults";
import type { Merchant } from "./merchants";
import type { Prng } from "./lib/prng";

export type TxnStatus = "pending" | "settled" | "declined" | "reversed" | "expired";
export type DeclineReason = "insufficient_balance" | "over_auth_limit" | "over_credit_limit" | "card_inactive";

/** One card transaction in provider-neutral form; each provider serialises it to its own wire shape. */
export interface SandboxTxn {
  id: string;
  seq: number;
  provider: ProviderName;
  cardId: string;
  kind: "purchase" | "refund";
  status: TxnStatus;
  /** In the card currency (USD), positive. For a purchase this is the authorised amount. */
  amountMinor: number;
  currency: string;
  originalAmountMinor: number;
  originalCurrency: string;
  settledAmountMinor: number | null;
  merchant: Merchant;
  authCode: string;
  declineReason: DeclineReason | null;
  authAt: Date;
  settledAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
  refundOf: string | null;
}

/** How a provider's balances and limits react to card spending. */
export interface SpendAccount {
  check(cardId: string, amountMinor: number): DeclineReason | null;
  hold(cardId: string, amountMinor: number, txn: SandboxTxn): void;
  release(cardId: string, amountMinor: number, txn: SandboxTxn): void;
  capture(cardId: string, heldMinor: number, finalMinor: number, txn: SandboxTxn): void;
  credit(cardId: string, amountMinor: number, txn: SandboxTxn): void;
}

export interface PurchaseInput {
  cardId: string;
  amountUsdMinor: number;
  originalAmountMinor: number;
  originalCurrency: string;
  merchant: Merchant;
  at?: Date;
}

export class Ledger {
  readonly txns: SandboxTxn[] = [];
  /** Called after every change; the world wires NobePay webhooks here once seeding is done. */
  onChange: (txn: SandboxTxn) => void = () => {};
  private seq = 0;

  constructor(
    readonly provider: ProviderName,
    private readonly rng: Prng,
    private readonly spend: SpendAccount,
    private readonly idFor: (rng: Prng) => string,
  ) {}

  /** For persistence: every transaction and the sequence counter. */
  snapshot(): { txns: SandboxTxn[]; seq: number } {
    return { txns: this.txns, seq: this.seq };
  }

  restore(saved: { txns: SandboxTxn[]; seq: number }): void {
    this.txns.splice(0, this.txns.length, ...saved.txns);
    this.seq = saved.seq;
  }

  find(id: string): SandboxTxn | undefined {
    return this.txns.find((t) => t.id === id);
  }

  authorize(input: PurchaseInput): SandboxTxn {
    const at = input.at ?? new Date();
    const decline = this.spend.check(input.cardId, input.amountUsdMinor);
    const txn: SandboxTxn = {
      id: this.idFor(this.rng),
      seq: ++this.seq,
      provider: this.provider,
      cardId: input.cardId,
      kind: "purchase",
      status: decline ? "declined" : "pending",
      amountMinor: input.amountUsdMinor,
      currency: "USD",
      originalAmountMinor: input.originalAmountMinor,
      originalCurrency: input.originalCurrency,
      settledAmountMinor: null,
      merchant: input.merchant,
      authCode: decline ? "" : this.rng.digits(6),
      declineReason: decline,
      authAt: at,
      settledAt: null,
      closedAt: decline ? at : null,
      updatedAt: at,
      refundOf: null,
    };
    this.txns.push(txn);
    if (!decline) this.spend.hold(txn.cardId, txn.amountMinor, txn);
    this.onChange(txn);
    return txn;
  }

  /** Settles a pending purchase, optionally for a different final amount (FX, tips). */
  settle(id: string, finalMinor?: number, at: Date = new Date()): SandboxTxn {
    const txn = this.requirePending(id);
    const final = finalMinor ?? txn.amountMinor;
    txn.settledAt = at;
    this.spend.capture(txn.cardId, txn.amountMinor, final, txn);
    txn.status = "settled";
    txn.settledAmountMinor = final;
    txn.updatedAt = at;
    this.onChange(txn);
    return txn;
  }

  reverse(id: string, at: Date = new Date()): SandboxTxn {
    return this.close(id, "reversed", at);
  }

  expire(id: string, at: Date = new Date()): SandboxTxn {
    return this.close(id, "expired", at);
  }

  refund(id: string, amountMinor?: number, at: Date = new Date()): SandboxTxn {
    const original = this.find(id);
    if (!original || original.kind !== "purchase" || original.status !== "settled") {
      throw new LedgerError("only a settled purchase can be refunded");
    }
    const already = this.txns
      .filter((t) => t.refundOf === id)
      .reduce((sum, t) => sum + t.amountMinor, 0);
    const amount = amountMinor ?? (original.settledAmountMinor ?? original.amountMinor) - already;
    if (amount <= 0 || already + amount > (original.settledAmountMinor ?? original.amountMinor)) {
      throw new LedgerError("refund exceeds the settled amount");
    }
    const txn: SandboxTxn = {
      ...original,
      id: this.idFor(this.rng),
      seq: ++this.seq,
      kind: "refund",
      status: "settled",
      amountMinor: amount,
      originalAmountMinor: amount,
      originalCurrency: "USD",
      settledAmountMinor: amount,
      authCode: this.rng.digits(6),
      declineReason: null,
      authAt: at,
      settledAt: at,
      closedAt: null,
      updatedAt: at,
      refundOf: id,
    };
    this.txns.push(txn);
    this.spend.credit(txn.cardId, amount, txn);
    this.onChange(txn);
    return txn;
  }

  pending(): SandboxTxn[] {
    return this.txns.filter((t) => t.kind === "purchase" && t.status === "pending");
  }

  private close(id: string, status: "reversed" | "expired", at: Date): SandboxTxn {
    const txn = this.requirePending(id);
    txn.closedAt = at;
    this.spend.release(txn.cardId, txn.amountMinor, txn);
    txn.status = status;
    txn.updatedAt = at;
    this.onChange(txn);
    return txn;
  }

  private requirePending(id: string): SandboxTxn {
    const txn = this.find(id);
    if (!txn || txn.kind !== "purchase" || txn.status !== "pending") {
      throw new LedgerError("only a pending authorisation can be settled, reversed or expired");
    }
    return txn;
  }
}

export class LedgerError extends Error {}
