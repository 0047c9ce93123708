/**
 * The fault suite's verdict: every local order, card and balance against the sandbox's own state (GET /_sandbox/state)
 * and, for NobePay, each card's operation history. Counts duplicates, disagreements and orders left open.
 */
import { isNotNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cards } from "@/db/schema/cards";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerOrders } from "@/db/schema/provider-orders";
import { parseMoney } from "@/lib/money";
import type { AccountLog } from "@/lib/providers";
import { providerForAccount } from "@/lib/providers/for-account";

type RemoteCard = { cardId: string; status: string | number; balance: string; cardModel?: string };
export type SandboxState = {
  cardepass: { cards: RemoteCard[]; orders: { orderNo: string; customerOrderNo: string | null; orderType: string; status: string }[] };
  nobepay: { cards: RemoteCard[] };
  cardopenapi: { cards: RemoteCard[] };
};
type Provider = keyof SandboxState;

export type Verdict = {
  duplicates: string[];
  disagreements: string[];
  open: string[];
  orders: Record<string, number>;
  outcomes: Record<string, number>;
  /** Orders whose answer was lost, unreadable or late at least once, and that still ended as the provider says. */
  recovered: number;
};

// The sandbox's own status words (sandbox/*/state.ts) → the app's normalized card status.
const REMOTE_STATUS: Record<Provider, Record<string, string>> = {
  cardepass: { active: "active", blocked: "frozen", cancelled: "cancelled", expired: "expired" },
  nobepay: {
    INIT: "pending",
    INIT_CREATE_CARD_HOLDER: "pending",
    INIT_CREATE_CARD: "pending",
    INIT_ACTIVE_CARD: "pending",
    ACTIVE: "active",
    FREEZE: "frozen",
    CANCELLING: "cancelling",
    CANCELED: "cancelled",
    CREATE_CARD_FAILED_REFUND: "failed",
  },
  cardopenapi: { "1": "inactive", "2": "active", "3": "frozen", "4": "cancelling", "5": "cancelled" },
};

// Failure codes that are not the provider's word: an order failed with one of these was failed on silence.
const NOT_THE_PROVIDERS_WORD = new Set(["unavailable", "rate_limited", "unknown", "error", "unconfirmed"]);

const cents = (major: string) => parseMoney(major, "USD").amount;

export async function sandboxState(sandboxUrl: string): Promise<SandboxState> {
  const response = await fetch(`${sandboxUrl}/_sandbox/state`);
  if (!response.ok) throw new Error(`GET /_sandbox/state answered ${response.status}`);
  return (await response.json()) as SandboxState;
}

async function nobepayHistory(db: Db, accountId: string, providerCardId: string): Promise<AccountLog[]> {
  const provider = await providerForAccount(db, accountId);
  const entries: AccountLog[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const result = await provider.accountLogs({ cardId: providerCardId, cursor, pageSize: 100 });
    entries.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return entries;
}

export async function compareWithSandbox(db: Db, sandboxUrl: string, before: SandboxState): Promise<Verdict> {
  const verdict: Verdict = { duplicates: [], disagreements: [], open: [], orders: {}, outcomes: {}, recovered: 0 };
  const after = await sandboxState(sandboxUrl);
  const accounts = new Map((await db.select().from(providerAccounts)).map((row) => [row.id, row]));
  const orders = await db.select().from(providerOrders);
  const ours = (await db.select().from(cards).where(isNotNull(cards.createdByUserId))).map((card) => ({ ...card, provider: accounts.get(card.providerAccountId)!.provider as Provider }));

  for (const order of orders) {
    verdict.orders[order.type] = (verdict.orders[order.type] ?? 0) + 1;
    const outcome = order.status === "failed" ? `failed:${order.failureCode}` : order.status;
    verdict.outcomes[outcome] = (verdict.outcomes[outcome] ?? 0) + 1;
    if (order.status === "completed" && (order.attempts > 1 || order.failureMessage !== null)) verdict.recovered += 1;
    if (order.status === "created" || order.status === "pending" || order.status === "needs_review") verdict.open.push(`${order.type} order ${order.id} is still ${order.status}`);
    if (order.status === "failed" && NOT_THE_PROVIDERS_WORD.has(order.failureCode ?? "")) {
      verdict.disagreements.push(`${order.type} order ${order.id} failed without the provider saying so (${order.failureCode}: ${order.failureMessage})`);
    }
  }

  // Every card the run created at a provider belongs to exactly one issue order of ours.
  for (const provider of ["cardepass", "nobepay", "cardopenapi"] as const) {
    const existed = new Set(before[provider].cards.map((card) => card.cardId));
    const claimed = new Set(ours.filter((card) => card.provider === provider && card.providerCardId).map((card) => card.providerCardId));
    for (const remote of after[provider].cards) {
      if (existed.has(remote.cardId) || claimed.has(remote.cardId)) continue;
      if (REMOTE_STATUS[provider][String(remote.status)] === "failed") continue; // a creation the provider refused and refunded
      verdict.duplicates.push(`${provider} card ${remote.cardId} (${remote.status}, ${remote.balance}) was created at the provider but belongs to no issued card`);
    }
  }

  // Cardepass keeps every order under our customer order number: one each, in the state we recorded.
  const byKey = new Map<string, { status: string }[]>();
  for (const remote of after.cardepass.orders) if (remote.customerOrderNo) byKey.set(remote.customerOrderNo, [...(byKey.get(remote.customerOrderNo) ?? []), remote]);
  for (const [key, list] of byKey) if (list.length > 1) verdict.duplicates.push(`Cardepass holds ${list.length} orders under customer order number ${key}`);
  for (const order of orders.filter((row) => accounts.get(row.providerAccountId)?.provider === "cardepass")) {
    const remote = byKey.get(order.id)?.[0];
    // Sent under another key, a retry of it would have moved the money again: the balances may still add up.
    if (order.status === "completed" && !remote) verdict.disagreements.push(`Cardepass ${order.type} order ${order.id}: completed here, but the provider holds no order under its id`);
    if (order.status === "completed" && remote && remote.status !== "completed") verdict.disagreements.push(`Cardepass ${order.type} order ${order.id}: completed here, ${remote.status} at the provider`);
    if (order.status === "failed" && remote?.status === "completed") verdict.disagreements.push(`Cardepass ${order.type} order ${order.id}: failed here, completed at the provider`);
  }

  for (const card of ours) {
    const completed = orders.filter((order) => order.cardId === card.id && order.status === "completed");
    const issued = completed.some((order) => order.type === "issue");
    if (!card.providerCardId) {
      if (issued) verdict.disagreements.push(`card ${card.id}: its issue order completed but it has no provider card id`);
      continue;
    }
    const remote = after[card.provider].cards.find((entry) => entry.cardId === card.providerCardId);
    if (!remote) {
      verdict.disagreements.push(`${card.provider} card ${card.providerCardId} (ours ${card.id}) does not exist at the provider`);
      continue;
    }
    const remoteStatus = REMOTE_STATUS[card.provider][String(remote.status)] ?? `unknown(${remote.status})`;
    if (remoteStatus !== card.status) verdict.disagreements.push(`${card.provider} card ${card.providerCardId}: ${card.status} here, ${remoteStatus} at the provider`);
    if (card.cardModel === "sharebalance") continue;
    const remoteBalance = cents(remote.balance);
    if (card.balance !== remoteBalance) verdict.disagreements.push(`${card.provider} card ${card.providerCardId}: balance ${card.balance} here, ${remoteBalance} at the provider`);
    if (card.status === "cancelled" || card.status === "cancelling") continue;

    // The money the completed orders say moved must be exactly what the card holds (no purchases run meanwhile).
    const sum = (type: string) => completed.filter((order) => order.type === type).reduce((total, order) => total + (order.amount ?? 0n), 0n);
    const withdrawals = completed.filter((order) => order.type === "withdraw");
    const withdrawFees = withdrawals.reduce((total, order) => total + (order.fee ?? 0n), 0n);
    const feesKnown = card.provider !== "cardepass" || withdrawals.every((order) => order.fee !== null);
    const expected = sum("issue") + sum("topup") - sum("withdraw") - (card.provider === "cardepass" ? withdrawFees : 0n);
    if (feesKnown && expected !== remoteBalance) {
      const excess = remoteBalance - expected;
      const list = excess > 0n ? verdict.duplicates : verdict.disagreements;
      list.push(`${card.provider} card ${card.providerCardId}: the completed orders add up to ${expected}, the provider holds ${remoteBalance} (${excess > 0n ? "+" : ""}${excess})`);
    }

    if (card.provider === "nobepay") {
      const history = await nobepayHistory(db, card.providerAccountId, card.providerCardId);
      for (const [type, entryType] of [["topup", "TOPUP_CARD"], ["withdraw", "WITHDRAW_CARD"]] as const) {
        const entries = history.filter((entry) => entry.type === entryType).length;
        const local = completed.filter((order) => order.type === type).length;
        if (entries > local) verdict.duplicates.push(`NobePay card ${card.providerCardId}: ${entries} ${entryType} entries in its history, ${local} completed ${type} orders here`);
        if (entries < local) verdict.disagreements.push(`NobePay card ${card.providerCardId}: ${local} completed ${type} orders here, ${entries} ${entryType} entries in its history`);
      }
    }
  }
  return verdict;
}

