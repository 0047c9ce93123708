import { Ledger } from "../ledger";
import { generateCardNumber } from "../lib/luhn";
import type { Prng } from "../lib/prng";
import { createSpendAccount } from "./spend";

export type CardModel = "ShareBalance" | "Standard";
export type CardStatus = "active" | "blocked" | "cancelled" | "expired";
export type OrderStatus = "pending" | "completed" | "failed";
export type OrderType = "ApplyCard" | "CreditLimit" | "CardTopUp" | "CardBlock" | "CardUnBlock" | "CardCancel" | "CardWithdraw";

export interface CdpProduct {
  productCode: string;
  productName: string;
  cardModels: CardModel[];
  cardCurrency: string[];
  description: string;
  bin: string;
  organization: "VISA" | "Mastercard";
}

export interface CdpCard {
  cardId: string;
  cardModel: CardModel;
  productCode: string;
  cardNumber: string;
  cvv: string;
  expMonth: number;
  expYear: number;
  currency: string;
  alias: string;
  /** Standard cards only: the card's own balance. */
  balanceMinor: number;
  status: CardStatus;
  maxAuthMinor: number | null;
  maxCreditMinor: number | null;
  usedCreditMinor: number;
  applyTime: Date;
}

export interface FeeItem {
  feeType: "OpenCardFee" | "TopUpFee" | "CardWithdrawFee" | "CancelCardFee";
  amountMinor: number;
}

export interface CdpOrder {
  orderNo: string;
  model: CardModel;
  orderType: OrderType;
  customerOrderNo: string | null;
  /** endpoint + canonical body, to tell an idempotent retry from a DUPLICATE_ORDER. */
  requestKey: string;
  status: OrderStatus;
  createdOn: Date;
  modifiedOn: Date;
  paidOn: Date | null;
  completedOn: Date | null;
  failureReason: string | null;
  cardId: string | null;
  productCode: string | null;
  alias: string;
  maxAuthMinor: number | null;
  maxCreditMinor: number | null;
  topUpMinor: number;
  withdrawMinor: number;
  settleMinor: number | null;
  feeItems: FeeItem[];
  /** Funds moved from available to blocked while the order is pending. */
  reservedMinor: number;
  /** CardCancel settlement (v1 settleStatus): Pending → WaitTransfer (card cancelled, balance not yet moved) → Completed. */
  settleStatus: "Pending" | "WaitTransfer" | "Completed";
}

export interface FundingAccount {
  currency: string;
  availableMinor: number;
  blockedMinor: number;
}

export interface AccountLog {
  id: string;
  accountTransType: string;
  fundsDirection: "Income" | "Expenditure";
  currency: string;
  transMinor: number;
  availableAfterMinor: number;
  blockedAfterMinor: number;
  orderNo: string;
  note: string;
  cardId: string | null;
  transTime: Date;
}

export interface CardAccountLog {
  accountLogId: string;
  cardOrderNo: string;
  cardAccountLogType: "ApplyCard" | "CardTopUp" | "BalanceRefund" | "CardCancel";
  cardId: string;
  fundsDirection: "Income" | "Expenditure";
  transMinor: number;
  feeItems: FeeItem[];
  totalMinor: number;
  status: "Pending" | "Completed" | "Failure";
  failureReason: string | null;
  transTime: Date;
  completedTime: Date | null;
  /** "Card" account of the company (cardId null) or of the card itself (withdraw). */
  fromCard: boolean;
}

export interface CardepassState {
  accountName: string;
  products: CdpProduct[];
  cards: CdpCard[];
  orders: CdpOrder[];
  funding: FundingAccount;
  accountLogs: AccountLog[];
  cardAccountLogs: CardAccountLog[];
  tokens: Map<string, number>;
  ledger: Ledger;
}

export const CARDEPASS_CLIENT_ID = "sandbox-client";
export const CARDEPASS_CLIENT_SECRET = "sandbox-secret";

export const FEES = { openCard: 10, topUp: 10, withdraw: 10, cancelStandard: 10 } as const;

export const CARDEPASS_PRODUCTS: CdpProduct[] = [
  { productCode: "DGG0C4JD", productName: "通用卡", cardModels: ["ShareBalance", "Standard"], cardCurrency: ["USD"], description: "通用卡-测试使用", bin: "436797", organization: "VISA" },
  // cardepass-v1.md: 0BN03HNK cards read "maskCardNumber": "436797******2419" with "cardOrganization": "Mastercard".
  { productCode: "0BN03HNK", productName: "通用测试2卡", cardModels: ["Standard"], cardCurrency: ["USD"], description: "通用测试2卡", bin: "436797", organization: "Mastercard" },
  { productCode: "A5GGCYNQ", productName: "通用卡-共享测试产品", cardModels: ["ShareBalance"], cardCurrency: ["USD"], description: "共享余额测试产品", bin: "436797", organization: "VISA" },
];

interface SeedCard {
  cardId: string;
  cardModel: CardModel;
  productCode: string;
  alias: string;
  balanceMinor: number;
  status: CardStatus;
  maxAuthMinor: number | null;
  maxCreditMinor: number | null;
  applyTime: string;
}

export const CARDEPASS_SEED_CARDS: SeedCard[] = [
  { cardId: "66a0c0de0000000000000001", cardModel: "ShareBalance", productCode: "DGG0C4JD", alias: "Marketing - Ads", balanceMinor: 0, status: "active", maxAuthMinor: 50_000, maxCreditMinor: 500_000, applyTime: "2025-03-03T02:10:11.120Z" },
  { cardId: "66a0c0de0000000000000002", cardModel: "ShareBalance", productCode: "A5GGCYNQ", alias: "Engineering SaaS", balanceMinor: 0, status: "active", maxAuthMinor: 100_000, maxCreditMinor: null, applyTime: "2025-03-05T08:44:02.310Z" },
  { cardId: "66a0c0de0000000000000003", cardModel: "Standard", productCode: "0BN03HNK", alias: "Travel - Sales", balanceMinor: 120_000, status: "active", maxAuthMinor: null, maxCreditMinor: null, applyTime: "2025-03-10T01:02:03.456Z" },
  { cardId: "66a0c0de0000000000000004", cardModel: "Standard", productCode: "DGG0C4JD", alias: "Events", balanceMinor: 25_000, status: "blocked", maxAuthMinor: null, maxCreditMinor: null, applyTime: "2025-03-12T06:30:00.000Z" },
  { cardId: "66a0c0de0000000000000005", cardModel: "ShareBalance", productCode: "DGG0C4JD", alias: "Old vendor", balanceMinor: 0, status: "cancelled", maxAuthMinor: 20_000, maxCreditMinor: 100_000, applyTime: "2025-02-01T09:00:00.000Z" },
];

export const CARDEPASS_SEED_FUNDING_MINOR = 5_000_000;

export function createCardepassState(
  rng: Prng,
  cardNumbers: Set<string>): CardepassState {
  const state = {
    accountName: "Sandbox Demo Co., Ltd.",
    products: CARDEPASS_PRODUCTS,
    cards: [],
    orders: [],
    funding: { currency: "USD", availableMinor: CARDEPASS_SEED_FUNDING_MINOR, blockedMinor: 0 },
    accountLogs: [],
    cardAccountLogs: [],
    tokens: new Map(),
  } as unknown as CardepassState;
  state.ledger = new Ledger("cardepass", rng, createSpendAccount(state, rng), (r) => r.hex(24));
  for (const seed of CARDEPASS_SEED_CARDS) {
    const product = CARDEPASS_PRODUCTS.find((p) => p.productCode === seed.productCode);
    if (!product) throw new Error(`unknown product ${seed.productCode}`);
    state.cards.push({
      ...seed,
      cardNumber: generateCardNumber(rng, product.bin, 16, cardNumbers),
      cvv: rng.digits(3),
      expMonth: rng.int(1, 12),
      expYear: 2028,
      currency: "USD",
      usedCreditMinor: 0,
      applyTime: new Date(seed.applyTime),
    });
  }
  return state;
}

export function findCard(state: CardepassState, cardId: unknown): CdpCard | undefined {
  return typeof cardId === "string" ? state.cards.find((c) => c.cardId === cardId) : undefined;
}

export function productOf(state: CardepassState, card: CdpCard): CdpProduct {
  const product = state.products.find((p) => p.productCode === card.productCode);
  if (!product) throw new Error(`card ${card.cardId} has unknown product`);
  return product;
}
