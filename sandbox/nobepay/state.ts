import { Ledger, type SpendAccount } from "../ledger";
import { generateCardNumber } from "../lib/luhn";
import type { Prng } from "../lib/prng";

export type NbCardStatus =
  | "INIT"
  | "INIT_CREATE_CARD_HOLDER"
  | "INIT_CREATE_CARD"
  | "INIT_ACTIVE_CARD"
  | "ACTIVE"
  | "CREATE_CARD_FAILED_REFUND"
  | "FREEZE"
  | "CANCELLING"
  | "CANCELED"
  | "DELETED"
  | "EXPIRED";

export const STATUS_TEXT: Record<NbCardStatus, string> = {
  INIT: "开卡中",
  INIT_CREATE_CARD_HOLDER: "创建持卡人",
  INIT_CREATE_CARD: "创建虚拟卡",
  INIT_ACTIVE_CARD: "激活卡片",
  ACTIVE: "已激活",
  CREATE_CARD_FAILED_REFUND: "创建卡失败全额退款",
  FREEZE: "已冻结",
  CANCELLING: "删卡中",
  CANCELED: "已删除",
  DELETED: "永久删除",
  EXPIRED: "已过期",
};

/** The documented creation progression; the last step is ACTIVE or CREATE_CARD_FAILED_REFUND. */
export const CREATE_PROGRESSION: NbCardStatus[] = ["INIT", "INIT_CREATE_CARD_HOLDER", "INIT_CREATE_CARD", "INIT_ACTIVE_CARD"];

export interface NbSegment {
  vid: string;
  cardBin: string;
  desp: string;
  posOrder: number;
  minDepositCents: number;
  /** Funds available to this segment, in cents. */
  balanceCents: number;
  /** The document allows accountBalance null ("not supported for this segment"). */
  reportsBalance: boolean;
}

export interface NbAddress {
  street: string;
  city: string;
  state: string;
  country: string;
  zipCode: string;
}

export interface NbCard {
  cardId: string;
  vid: string;
  cardHolderId: string;
  customerId: string;
  cardSeqNo: string;
  firstName: string;
  lastName: string;
  address: NbAddress;
  /** 充值累计: everything ever deposited. Never goes down. */
  depositCents: number;
  /** 消费累计: spent at merchants, net of refunds and released authorisations. */
  consumeCents: number;
  /** Taken back out: withdrawals, the balance returned on cancel, a failed creation's refund. */
  withdrawnCents: number;
  number: string;
  cvc: string;
  expYear: number;
  expMonth: number;
  status: NbCardStatus;
  gmtCreate: number;
  tags: string[];
  /** Set at creation when the minimum deposit or the segment balance is not met. */
  failsCreation: boolean;
}

export interface NbOrder {
  cardId: string;
  type: "CREATE_CARD" | "TOPUP_CARD" | "WITHDRAW_CARD" | "CANCEL_CARD";
  amountCents: number;
  tradeAt: number;
}

export interface NbTag {
  id: number;
  tagName: string;
  gmtCreate: number;
  gmtModified: number;
}

export interface NobepayState {
  userId: string;
  segments: NbSegment[];
  cards: NbCard[];
  orders: NbOrder[];
  tags: NbTag[];
  tokens: Map<string, number>;
  nonces: Map<string, number>;
  ledger: Ledger;
}

export const NOBEPAY_APP_KEY = "sandbox-key";
export const NOBEPAY_APP_SECRET = "sandbox-secret";

export const NOBEPAY_SEED_SEGMENTS: NbSegment[] = [
  { vid: "v_5bc814", cardBin: "556735", desp: "Mastercard USD - advertising", posOrder: 1, minDepositCents: 1000, balanceCents: 1_000_000, reportsBalance: true },
  { vid: "v_7a21c9", cardBin: "485932", desp: "VISA USD - SaaS subscriptions", posOrder: 2, minDepositCents: 2000, balanceCents: 50_000, reportsBalance: true },
  { vid: "v_93de10", cardBin: "404038", desp: "VISA USD - travel", posOrder: 3, minDepositCents: 500, balanceCents: 300_000, reportsBalance: false },
];

const SEED_CARDS = [
  { cardId: "c_8f3a1c0e5b7d4a2f0001", vid: "v_5bc814", first: "Milton", last: "Schmitt", customerId: "emp_1001", deposit: 50_000, status: "ACTIVE", created: 1_740_787_200_000, tags: ["ads"] },
  { cardId: "c_8f3a1c0e5b7d4a2f0002", vid: "v_7a21c9", first: "Grace", last: "Hopper", customerId: "emp_1002", deposit: 20_000, status: "ACTIVE", created: 1_741_392_000_000, tags: ["saas"] },
  { cardId: "c_8f3a1c0e5b7d4a2f0003", vid: "v_93de10", first: "Alan", last: "Turing", customerId: "emp_1003", deposit: 80_000, status: "ACTIVE", created: 1_741_996_800_000, tags: ["travel"] },
  { cardId: "c_8f3a1c0e5b7d4a2f0004", vid: "v_5bc814", first: "Ada", last: "Lovelace", customerId: "", deposit: 0, status: "CANCELED", created: 1_738_368_000_000, tags: [] },
] as const;

/**
 * What is left on the card: deposited, less spent, less taken back out. nobepay.md defines "└balance | integer |
 * 卡片余额(等于充值累计 - 消费累计)", but also documents withdraw and cancel without a counter for them; with deposit kept
 * cumulative and consume kept as spending, this equals the document's deposit - consume until a withdrawal or cancel.
 */
export function nbBalance(card: NbCard): number {
  return card.depositCents - card.consumeCents - card.withdrawnCents;
}

function spendAccount(state: NobepayState): SpendAccount {
  const card = (id: string): NbCard => {
    const c = state.cards.find((x) => x.cardId === id);
    if (!c) throw new Error(`unknown nobepay card ${id}`);
    return c;
  };
  return {
    check: (id, amount) => (card(id).status !== "ACTIVE" ? "card_inactive" : nbBalance(card(id)) < amount ? "insufficient_balance" : null),
    hold: (id, amount) => void (card(id).consumeCents += amount),
    release: (id, amount) => void (card(id).consumeCents -= amount),
    capture: (id, held, final) => void (card(id).consumeCents += final - held),
    credit: (id, amount) => void (card(id).consumeCents -= amount),
  };
}

export function createNobepayState(rng: Prng, cardNumbers: Set<string>): NobepayState {
  const state = {
    userId: "u_5bc81400a1e2",
    segments: NOBEPAY_SEED_SEGMENTS.map((s) => ({ ...s })),
    cards: [],
    orders: [],
    tags: [],
    tokens: new Map(),
    nonces: new Map(),
  } as unknown as NobepayState;
  state.ledger = new Ledger("nobepay", rng, spendAccount(state), (r) => `t_${r.hex(32)}`);
  for (const seed of SEED_CARDS) {
    const segment = state.segments.find((s) => s.vid === seed.vid);
    if (!segment) throw new Error(`unknown segment ${seed.vid}`);
    state.cards.push({
      cardId: seed.cardId,
      vid: seed.vid,
      cardHolderId: `ch_${rng.hex(12)}`,
      customerId: seed.customerId,
      cardSeqNo: `C${rng.alnumUpper(8)}`,
      firstName: seed.first,
      lastName: seed.last,
      address: { street: "1010 Pine St LOT 12-E", city: "Vienna", state: "GA", country: "US", zipCode: "31092" },
      depositCents: seed.deposit,
      consumeCents: 0,
      withdrawnCents: 0,
      number: generateCardNumber(rng, segment.cardBin, 16, cardNumbers),
      cvc: rng.digits(3),
      expYear: 2028,
      expMonth: rng.int(1, 12),
      status: seed.status,
      gmtCreate: seed.created,
      tags: [...seed.tags],
      failsCreation: false,
    });
    if (seed.deposit > 0) state.orders.push({ cardId: seed.cardId, type: "CREATE_CARD", amountCents: seed.deposit, tradeAt: seed.created });
    for (const tag of seed.tags) ensureTag(state, tag, seed.created);
  }
  return state;
}

export function ensureTag(state: NobepayState, tagName: string, at: number): void {
  if (state.tags.some((t) => t.tagName === tagName)) return;
  state.tags.push({ id: state.tags.length + 1, tagName, gmtCreate: at, gmtModified: at });
}
