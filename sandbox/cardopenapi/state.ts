import { Ledger, type SpendAccount } from "../ledger";
import { generateCardNumber } from "../lib/luhn";
import { Prng } from "../lib/prng";
import { CARD_STATUS } from "./inferred-endpoints";

export interface CoBin {
  binId: string;
  bin: string;
  brand: "VISA" | "MASTERCARD" | "AMEX";
  length: number;
  openFeeMinor: number;
  /** Recharge fee in basis points. */
  rechargeFeeBps: number;
  minRechargeMinor: number;
}

export interface CoCard {
  cardId: string;
  binId: string;
  holderId: string;
  cardNo: string;
  cvv: string;
  pin: string;
  expiry: string;
  balanceMinor: number;
  limitMinor: number;
  status: number;
  useAt: Date | null;
  closeAt: Date | null;
  endAt: Date | null;
  mark: string;
}

export interface CoOrder {
  orderId: string;
  orderNo: string;
  requestKey: string;
  type: number;
  status: number;
  binId: string;
  cardId: string;
  amountMinor: number;
  feeMinor: number;
  failReason: string;
  createAt: Date;
  finishAt: Date | null;
  /** The caller's label for a card to open (open card `mark`). */
  mark?: string;
}

export interface CardopenapiState {
  wallet: { walletId: string; currency: string; balanceMinor: number; frozenMinor: number };
  bins: CoBin[];
  cards: CoCard[];
  orders: CoOrder[];
  ledger: Ledger;
}

export const CARDOPENAPI_CUSTOMER_ID = 10000011;
export const CARDOPENAPI_APP_ID = 100001;
export const CARDOPENAPI_KEY = "sandbox-key";

export const CARDOPENAPI_BINS: CoBin[] = [
  { binId: "cpi_6530de6a2f1c7", bin: "448533", brand: "VISA", length: 16, openFeeMinor: 100, rechargeFeeBps: 150, minRechargeMinor: 1000 },
  { binId: "cpi_6530de6a2f1d9", bin: "345432", brand: "AMEX", length: 15, openFeeMinor: 200, rechargeFeeBps: 200, minRechargeMinor: 2000 },
  { binId: "cpi_65a1b2c3d4e5f", bin: "531847", brand: "MASTERCARD", length: 16, openFeeMinor: 100, rechargeFeeBps: 100, minRechargeMinor: 500 },
];

const SEED_CARDS = [
  { cardId: "5f1d0c9e8b7a6f5e4d3c2b1a00000001", binId: "cpi_6530de6a2f1c7", balance: 50_000, limit: 50_000, status: CARD_STATUS.active, useAt: "2025-03-01T10:00:00Z", closed: false, mark: "Marketing" },
  { cardId: "5f1d0c9e8b7a6f5e4d3c2b1a00000002", binId: "cpi_6530de6a2f1d9", balance: 20_050, limit: 44_050, status: CARD_STATUS.active, useAt: "2025-03-04T02:53:47Z", closed: false, mark: "" },
  { cardId: "5f1d0c9e8b7a6f5e4d3c2b1a00000003", binId: "cpi_6530de6a2f1c7", balance: 7_500, limit: 10_000, status: CARD_STATUS.frozen, useAt: "2025-03-08T12:00:00Z", closed: false, mark: "Contractor" },
  { cardId: "5f1d0c9e8b7a6f5e4d3c2b1a00000004", binId: "cpi_65a1b2c3d4e5f", balance: 0, limit: 5_000, status: CARD_STATUS.cancelled, useAt: "2025-02-01T08:00:00Z", closed: true, mark: "" },
] as const;

export const INACTIVE_SEED_CARD = { cardId: "5f1d0c9e8b7a6f5e4d3c2b1a00000005", binId: "cpi_6530de6a2f1c7", balance: 10_000, limit: 10_000, status: CARD_STATUS.inactive, useAt: null, closed: false, mark: "New hire" } as const;
const INACTIVE_SEED_CARD_PRNG = 0xc0de05;

export const CARDOPENAPI_SEED_WALLET_MINOR = 2_000_000;

function spendAccount(state: CardopenapiState): SpendAccount {
  const card = (id: string): CoCard => {
    const c = state.cards.find((x) => x.cardId === id);
    if (!c) throw new Error(`unknown cardopenapi card ${id}`);
    return c;
  };
  return {
    check: (id, amount) => (card(id).status !== CARD_STATUS.active ? "card_inactive" : card(id).balanceMinor < amount ? "insufficient_balance" : null),
    hold: (id, amount) => void (card(id).balanceMinor -= amount),
    release: (id, amount) => void (card(id).balanceMinor += amount),
    capture: (id, held, final) => void (card(id).balanceMinor -= final - held),
    credit: (id, amount) => void (card(id).balanceMinor += amount),
  };
}

export function createCardopenapiState(rng: Prng, cardNumbers: Set<string>): CardopenapiState {
  const state = {
    wallet: { walletId: "w_100001_usd", currency: "USD", balanceMinor: CARDOPENAPI_SEED_WALLET_MINOR, frozenMinor: 0 },
    bins: CARDOPENAPI_BINS,
    cards: [],
    orders: [],
  } as unknown as CardopenapiState;
  state.ledger = new Ledger("cardopenapi", rng, spendAccount(state), (r) => `T${r.digits(18)}`);
  for (const seed of SEED_CARDS) state.cards.push(newCard(rng, cardNumbers, seed.binId, seed));
  // Issued but not activated (status 1, use_at ""), for 卡激活. Its own PRNG keeps every other seeded value unchanged.
  state.cards.push(newCard(new Prng(INACTIVE_SEED_CARD_PRNG), cardNumbers, INACTIVE_SEED_CARD.binId, INACTIVE_SEED_CARD));
  return state;
}

/**
 * A status set from outside the API (the provider's support, through the sandbox admin), stamping the cancel times
 * cardopenapi.md lists as 发起销卡 does: close_at (发起销卡时间) when a cancellation begins, end_at (完成销卡时间) when it
 * completes, both at once for a card cancelled outright. A card shown open again keeps them.
 */
export function setCardStatus(card: CoCard, status: number, now = new Date()): void {
  if (status === CARD_STATUS.cancelling || status === CARD_STATUS.cancelled) card.closeAt ??= now;
  if (status === CARD_STATUS.cancelled) card.endAt ??= now;
  card.status = status;
}

export function newCard(
  rng: Prng,
  cardNumbers: Set<string>,
  binId: string,
  seed: { cardId: string; balance: number; limit: number; status: number; useAt: string | null; closed: boolean; mark: string },
): CoCard {
  const bin = CARDOPENAPI_BINS.find((b) => b.binId === binId);
  if (!bin) throw new Error(`unknown bin ${binId}`);
  const useAt = seed.useAt ? new Date(seed.useAt) : null;
  return {
    cardId: seed.cardId,
    binId,
    holderId: "",
    cardNo: generateCardNumber(rng, bin.bin, bin.length, cardNumbers),
    cvv: rng.digits(3),
    pin: "",
    expiry: `${String(rng.int(1, 12)).padStart(2, "0")}/28`,
    balanceMinor: seed.balance,
    limitMinor: seed.limit,
    status: seed.status,
    useAt,
    closeAt: seed.closed ? new Date("2025-04-01T09:00:00Z") : null,
    endAt: seed.closed ? new Date("2025-04-01T09:05:00Z") : null,
    mark: seed.mark,
  };
}
