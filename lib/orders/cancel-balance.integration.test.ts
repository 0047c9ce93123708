import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { providerOrders } from "@/db/schema/provider-orders";
import { findCard, updateCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findUserByEmail } from "@/db/queries/users";
import { seedDemo } from "@/db/seed";
import { ActionError } from "@/lib/actions/result";
import { availableCardActions } from "@/lib/cards/card-actions";
import { expiredBalanceAdvice } from "@/lib/cards/expired-balance";
import { issueCard } from "@/lib/cards/issue-card";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { issueCardSchema, type IssueCardFormInput } from "@/lib/cards/schemas";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { cancelBalanceOf } from "./cancel-balance";
import { followOrderToEnd } from "@/test/follow-order";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
let sandbox: RunningSandbox;
const accountIds: Record<string, string> = {};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  for (const account of await listProviderAccounts(database.db())) accountIds[account.provider] = account.id;
  expect((await refreshAllProducts(database.db())).failed).toEqual([]);
});
afterAll(async () => sandbox?.close());

const finance = () => sessionUserFor(database.db(), "finance@demo.test");

const followToEnd = async (orderId: string) => (await followOrderToEnd(database.db(), orderId));

type IssueInput = IssueCardFormInput extends infer T ? (T extends unknown ? Omit<T, "accountId" | "ownerUserId"> : never) : never;

async function issued(input: IssueInput & { provider: string }) {
  const owner = await findUserByEmail(database.db(), "employee@demo.test");
  const { provider, ...rest } = input;
  const result = await issueCard(database.db(), await finance(), TEST_META, issueCardSchema.parse({ ...rest, accountId: accountIds[provider], ownerUserId: owner!.id }));
  expect((await followToEnd(result.orderId))?.status).toBe("completed");
  return result.cardId;
}

/** Cancels through the real path (order row, sandbox over HTTP, follow-up) and returns the settled order and audit row. */
async function cancel(cardId: string) {
  const placed = await requestCardChange(database.db(), await finance(), TEST_META, cardId, { type: "cancel" });
  const order = await followToEnd(placed.orderId);
  expect(order?.status).toBe("completed");
  const [audit] = await database
    .db()
    .select({ summary: auditLog.summary })
    .from(auditLog)
    .where(and(eq(auditLog.action, "card.cancelled"), eq(auditLog.targetId, cardId)));
  return { order: order!, summary: audit?.summary as Record<string, unknown> | undefined };
}

describe("what a cancellation did with the card's balance is recorded on the order and in the audit row", () => {
  it("Cardepass Standard: the settleAmount returned to the funding account, after the fee", async () => {
    const cardId = await issued({ provider: "cardepass", kind: "cardepass-standard", productId: "DGG0C4JD", currency: "USD", alias: "Returned", initialAmount: "40" });
    expect((await findCard(database.db(), cardId))?.balance).toBe(4000n);
    const { order, summary } = await cancel(cardId);
    // cardepass-v1.md orders/standard/cancel: "| »» settleAmount     | true | none | 结算金额       | none |" and
    // "| »» settleStatus | … | 结算状态 | 包括：Pending 处理中 ，WaitTransfer 等待划拨，Completed 已完成 |";
    // cardAccountLogs' CardCancel line: "transAmount": -3.9, "CancelCardFee" 0.1, "totalAmount": -3.8, "fundsDirection": "Income";
    // accountLogs type "CancelCardSettleRefund 销卡结算-退回". The sandbox charges a 0.10 fee: 40.00 − 0.10 comes back.
    expect(cancelBalanceOf(order)).toMatchObject({ kind: "returned", amount: "3990", currency: "USD", source: "cardepass.settleAmount" });
    expect(order.amount).toBe(3990n);
    expect(order.currency).toBe("USD");
    expect(cancelBalanceOf(order)?.text).toBe("$39.90 returned to the Cardepass funding account, after the $0.10 cancellation fee (as Cardepass reported when it settled the cancellation).");
    expect(summary).toMatchObject({ balance: { kind: "returned", amount: "3990", currency: "USD" }, balanceText: expect.stringContaining("$39.90 returned to the Cardepass funding account") });
    // The stored row says the same (not just the returned object).
    const [row] = await database.db().select().from(providerOrders).where(eq(providerOrders.id, order.id));
    expect(cancelBalanceOf(row!)?.amount).toBe("3990");
  });

  it("NobePay: the remaining balance its card history records on deletion, without claiming where it went", async () => {
    const cardId = await issued({
      provider: "nobepay",
      kind: "nobepay",
      productId: "v_5bc814",
      alias: "Remaining",
      initialAmount: "25.00",
      holderFirstName: "Eli",
      holderLastName: "Employee",
      street: "1 Main St",
      city: "Austin",
      state: "TX",
      zipCode: "73301",
    });
    expect((await findCard(database.db(), cardId))?.balance).toBe(2500n);
    const { order, summary } = await cancel(cardId);
    // nobepay.md 删除卡片 answers only "data | boolean | 操作是否成功"; 单张卡的操作历史 lists
    // "CANCEL_CARD: 删卡" with "amount | string | 创建卡/充值/取款/删卡余额 金额, 1000 表示 $10.00" and the example
    // "desp": "Cancel Card，remain balance: $11.00", "amount": 1100. Nothing says where that balance goes.
    expect(cancelBalanceOf(order)).toMatchObject({ kind: "remaining_reported", amount: "2500", currency: "USD", source: "nobepay.card_history" });
    expect(cancelBalanceOf(order)?.text).toContain("NobePay recorded a remaining balance of $25.00");
    expect(cancelBalanceOf(order)?.text).toContain("do not say whether that balance is returned");
    // Not a confirmed return: the order's amount stays empty.
    expect(order.amount).toBeNull();
    expect(summary).toMatchObject({ balance: { kind: "remaining_reported", amount: "2500" } });
  });

  it("Card OPEN-API: no documented figure, so the last known balance, marked as such", async () => {
    const cardId = await issued({ provider: "cardopenapi", kind: "cardopenapi", productId: "cpi_6530de6a2f1c7", alias: "Last known", initialAmount: "15.25" });
    expect((await findCard(database.db(), cardId))?.balance).toBe(1525n);
    const { order, summary } = await cancel(cardId);
    // cardopenapi.md names "发起销卡 POST" in its contents but specifies only the card list, whose fields include
    // "card_list.close_atdatetime是发起销卡时间" and "card_list.end_atdatetime是完成销卡时间": no returned amount.
    expect(cancelBalanceOf(order)).toMatchObject({ kind: "last_known", amount: "1525", source: "cardhub_last_known_balance" });
    expect(cancelBalanceOf(order)?.text).toBe(
      "Balance at cancellation, as last known: $15.25. Card OPEN-API did not state what it returned, so whether it reached your funding account is not confirmed.",
    );
    expect(order.amount).toBeNull();
    expect(summary).toMatchObject({ balance: { kind: "last_known", amount: "1525", currency: "USD" }, balanceText: expect.stringContaining("as last known: $15.25") });
  });

  it("Cardepass ShareBalance: no balance of its own, so nothing was returned", async () => {
    const cardId = await issued({ provider: "cardepass", kind: "cardepass-sharebalance", productId: "DGG0C4JD", currency: "USD", alias: "Shared", perTransactionLimit: "100", lifetimeLimit: "" });
    const { order, summary } = await cancel(cardId);
    // cardepass-v1.md orders/sharebalance/cancel answers no settleAmount; README: "ShareBalance: cards spend from the
    // customer's shared funding account".
    expect(cancelBalanceOf(order)).toMatchObject({ kind: "none", amount: null });
    expect(summary).toMatchObject({ balance: { kind: "none" } });
  });
});

describe("an expired card that still holds money", () => {
  it("is offered no withdrawal, the server refuses one, and finance is told what to do in the provider's terms", async () => {
    const cardId = await issued({ provider: "cardepass", kind: "cardepass-standard", productId: "DGG0C4JD", currency: "USD", alias: "Expired", initialAmount: "12.30" });
    await updateCard(database.db(), cardId, { status: "expired" });
    const card = (await findCard(database.db(), cardId))!;
    const user = await finance();
    // cardepass-v1.md 【标准模式】卡余额转出 states only "| » withdrawAmount  | body   | 是   | 转出金额   | 转出金额必须大于0 |"
    // and nothing about the card's status (v1 statuses "Active 活跃，Blocked 已冻结，Cancel 已注销，Expired 已过期");
    // nobepay.md 卡片退款 (card/withdraw) takes "cardId" and "amount" and is silent on EXPIRED too. Not documented: not offered.
    const actions = availableCardActions(user, { ...card, provider: "cardepass" });
    expect(actions.has("withdraw")).toBe(false);
    await expect(requestCardChange(database.db(), user, TEST_META, cardId, { type: "withdraw", amount: "5" })).rejects.toBeInstanceOf(ActionError);
    const orders = await database.db().select().from(providerOrders).where(and(eq(providerOrders.cardId, cardId), eq(providerOrders.type, "withdraw")));
    expect(orders).toEqual([]);
    const advice = expiredBalanceAdvice({ provider: "cardepass", cardModel: card.cardModel, status: card.status, balance: card.balance, currency: card.currency });
    expect(advice).toContain("expired with $12.30 still on it");
    expect(advice).toContain("卡余额转出");
    expect(expiredBalanceAdvice({ provider: "nobepay", cardModel: "prepaid", status: "expired", balance: 500n, currency: "USD" })).toContain("卡片退款");
    expect(expiredBalanceAdvice({ provider: "nobepay", cardModel: "prepaid", status: "expired", balance: 0n, currency: "USD" })).toBeNull();
    expect(expiredBalanceAdvice({ provider: "nobepay", cardModel: "prepaid", status: "active", balance: 500n, currency: "USD" })).toBeNull();
  });
});
