import { and, asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cards } from "@/db/schema/cards";
import { providerOrders } from "@/db/schema/provider-orders";
import { auditLog } from "@/db/schema/audit";
import { notifications } from "@/db/schema/notifications";
import { findCard } from "@/db/queries/card-updates";
import { findOrder } from "@/db/queries/provider-orders";
import { listProducts } from "@/db/queries/products";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findUserByEmail } from "@/db/queries/users";
import { seedDemo } from "@/db/seed";
import { ActionError } from "@/lib/actions/result";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { issueCard } from "./issue-card";
import { requestCardChange } from "./request-card-change";
import type { IssueCardFormInput } from "./schemas";
import { issueCardSchema } from "./schemas";
import { followOrderToEnd } from "@/test/follow-order";

const enqueued = vi.hoisted(() => [] as { name: string; data: object; startAfter?: Date }[]);
vi.mock("@/lib/jobs/queue", () => ({
  enqueue: async (name: string, data: object, options: { startAfter?: Date } = {}) => {
    enqueued.push({ name, data, startAfter: options.startAfter });
  },
}));

const database = withTestDatabase();
let sandbox: RunningSandbox;
const accountIds: Record<string, string> = {};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  for (const account of await listProviderAccounts(database.db())) accountIds[account.provider] = account.id;
  const summary = await refreshAllProducts(database.db());
  expect(summary.failed).toEqual([]);
});
afterAll(async () => sandbox?.close());

async function finance() {
  return sessionUserFor(database.db(), "finance@demo.test");
}

const followToEnd = async (orderId: string) => (await followOrderToEnd(database.db(), orderId));

type IssueInput = IssueCardFormInput extends infer T ? (T extends unknown ? Omit<T, "accountId" | "ownerUserId"> : never) : never;

async function issue(input: IssueInput & { provider: string }, options: { answerWithinMs?: number } = {}) {
  const owner = await findUserByEmail(database.db(), "employee@demo.test");
  const { provider, ...rest } = input;
  const parsed = issueCardSchema.parse({ ...rest, accountId: accountIds[provider], ownerUserId: owner!.id });
  return issueCard(database.db(), await finance(), TEST_META, parsed, options);
}

async function tableCounts() {
  const [cardCount] = await database.db().select({ value: count() }).from(cards);
  const [orderCount] = await database.db().select({ value: count() }).from(providerOrders);
  return { cards: cardCount!.value, orders: orderCount!.value };
}

describe("issuing every kind of card against the sandbox", () => {
  it("stores the products of every account, with NobePay's states and minimum deposits", async () => {
    const products = await listProducts(database.db(), { organizationId: (await finance()).organizationId });
    const nobepay = products.find((product) => product.provider === "nobepay" && product.providerProductId === "v_5bc814");
    expect(nobepay?.minFirstDeposit).toBe(1000n);
    expect((nobepay?.details.usStates as unknown[]).length).toBeGreaterThan(49);
    expect(products.some((product) => product.provider === "cardepass" && product.cardModels.includes("sharebalance"))).toBe(true);
    expect(products.some((product) => product.provider === "cardopenapi")).toBe(true);
  });

  it("issues a Cardepass ShareBalance card with limits and follows it to active", async () => {
    const result = await issue({
      provider: "cardepass",
      kind: "cardepass-sharebalance",
      productId: "DGG0C4JD",
      currency: "USD",
      alias: "Ads budget",
      perTransactionLimit: "250.50",
      lifetimeLimit: "",
      tags: ["ads"],
    });
    const followUp = enqueued.find((job) => (job.data as { orderId?: string }).orderId === result.orderId);
    // The worker must look again within seconds (the provider said "pending"), not after the submission lease.
    expect(followUp?.startAfter?.getTime()).toBeLessThan(Date.now() + 5000);
    const order = await followToEnd(result.orderId);
    expect(order?.status).toBe("completed");
    const card = await findCard(database.db(), result.cardId);
    expect(card).toMatchObject({ status: "active", cardModel: "sharebalance", limitPerTransaction: 25050n, limitLifetime: null });
    expect(card?.providerCardId).toBeTruthy();
    expect(card?.maskedNumber).toMatch(/^\d{6}\*{6}\d{4}$/);
  });

  it("issues Cardepass Standard, NobePay and cardopenapi cards with their first top-up", async () => {
    const standard = await issue({ provider: "cardepass", kind: "cardepass-standard", productId: "DGG0C4JD", currency: "USD", alias: "Travel", initialAmount: "40" });
    const nobepay = await issue({
      provider: "nobepay",
      kind: "nobepay",
      productId: "v_5bc814",
      alias: "Software",
      initialAmount: "25.00",
      holderFirstName: "Eli",
      holderLastName: "Employee",
      street: "1 Main St",
      city: "Austin",
      state: "TX",
      zipCode: "73301",
    });
    const openapi = await issue({ provider: "cardopenapi", kind: "cardopenapi", productId: "cpi_6530de6a2f1c7", alias: "Cloud", initialAmount: "15.25" });
    for (const result of [standard, nobepay, openapi]) expect((await followToEnd(result.orderId))?.status).toBe("completed");
    expect(await findCard(database.db(), standard.cardId)).toMatchObject({ status: "active", balance: 4000n });
    expect(await findCard(database.db(), nobepay.cardId)).toMatchObject({ status: "active", balance: 2500n, holderName: "Eli Employee" });
    expect(await findCard(database.db(), openapi.cardId)).toMatchObject({ status: "active", balance: 1525n });
  });
});

describe("bad input writes nothing", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["a first deposit below the BIN minimum", { initialAmount: "5" }, "initialAmount"],
    ["more than two decimals", { initialAmount: "12.345" }, "initialAmount"],
    ["a state not in the provider's list", { state: "ZZ" }, "state"],
  ];
  for (const [name, change, field] of cases) {
    it(`refuses ${name} on its field`, async () => {
      const before = await tableCounts();
      const attempt = issue({
        provider: "nobepay",
        kind: "nobepay",
        productId: "v_5bc814",
        alias: "Bad",
        initialAmount: "25",
        holderFirstName: "Eli",
        holderLastName: "Employee",
        street: "1 Main St",
        city: "Austin",
        state: "TX",
        zipCode: "73301",
        ...change,
      } as never);
      await expect(attempt).rejects.toMatchObject({ code: "invalid_input", fields: { [field]: expect.any(String) } });
      expect(await tableCounts()).toEqual(before);
    });
  }

  it("refuses an owner outside the organisation", async () => {
    const parsed = issueCardSchema.parse({
      kind: "cardopenapi",
      accountId: accountIds.cardopenapi,
      productId: "cpi_6530de6a2f1c7",
      ownerUserId: "00000000-0000-4000-8000-000000000001",
      alias: "Nobody's",
      initialAmount: "10",
    });
    await expect(issueCard(database.db(), await finance(), TEST_META, parsed)).rejects.toMatchObject({ fields: { ownerUserId: expect.any(String) } });
  });

  it("refuses zero and negative amounts before anything else (schema)", () => {
    expect(issueCardSchema.safeParse({ kind: "cardopenapi", initialAmount: "0" }).success).toBe(false);
    expect(issueCardSchema.safeParse({ kind: "cardopenapi", initialAmount: "-5" }).success).toBe(false);
  });
});

describe("the lifecycle of a card", () => {
  it("freezes, unfreezes, tops up, withdraws, changes limits and cancels, each through an audited order", async () => {
    const user = await finance();
    const standard = await issue({ provider: "cardepass", kind: "cardepass-standard", productId: "DGG0C4JD", currency: "USD", alias: "Lifecycle", initialAmount: "20" });
    await followToEnd(standard.orderId);
    const step = async (change: Parameters<typeof requestCardChange>[4]) => {
      const result = await requestCardChange(database.db(), user, TEST_META, standard.cardId, change);
      return followToEnd(result.orderId);
    };
    expect((await step({ type: "freeze" }))?.status).toBe("completed");
    expect((await findCard(database.db(), standard.cardId))?.status).toBe("frozen");
    await expect(step({ type: "topup", amount: "5" })).rejects.toBeInstanceOf(ActionError);
    expect((await step({ type: "unfreeze" }))?.status).toBe("completed");
    expect((await step({ type: "topup", amount: "10.50" }))?.status).toBe("completed");
    expect((await findCard(database.db(), standard.cardId))?.balance).toBe(3050n);
    await expect(step({ type: "withdraw", amount: "31" })).rejects.toMatchObject({ fields: { amount: expect.stringContaining("30.50") } });
    const withdrawal = await step({ type: "withdraw", amount: "10" });
    expect(withdrawal).toMatchObject({ status: "completed", fee: 10n });
    // The provider's 0.10 withdrawal fee comes off the card as well.
    expect((await findCard(database.db(), standard.cardId))?.balance).toBe(2040n);
    expect((await step({ type: "cancel" }))?.status).toBe("completed");
    expect((await findCard(database.db(), standard.cardId))?.status).toBe("cancelled");

    const actions = (await database.db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, standard.cardId))).map((row) => row.action);
    for (const action of ["card.issued", "card.frozen", "card.unfrozen", "card.topped_up", "card.withdrawn", "card.cancelled"]) expect(actions).toContain(action);
  });

  it("changes the limits of a ShareBalance card", async () => {
    const user = await finance();
    const shared = await issue({ provider: "cardepass", kind: "cardepass-sharebalance", productId: "DGG0C4JD", currency: "USD", alias: "Limits", perTransactionLimit: "100", lifetimeLimit: "1000" });
    await followToEnd(shared.orderId);
    const result = await requestCardChange(database.db(), user, TEST_META, shared.cardId, { type: "limits", perTransactionLimit: "150", lifetimeLimit: "" });
    expect((await followToEnd(result.orderId))?.status).toBe("completed");
    expect(await findCard(database.db(), shared.cardId)).toMatchObject({ limitPerTransaction: 15000n, limitLifetime: null });
  });

  it("keeps a provider's business refusal as a failed order, in words a person understands", async () => {
    const user = await finance();
    const standard = await issue({ provider: "cardepass", kind: "cardepass-standard", productId: "DGG0C4JD", currency: "USD", alias: "Too much", initialAmount: "10" });
    await followToEnd(standard.orderId);
    const result = await requestCardChange(database.db(), user, TEST_META, standard.cardId, { type: "topup", amount: "9999999" });
    const order = await followToEnd(result.orderId);
    expect(order).toMatchObject({ status: "failed" });
    expect(order?.failureMessage).toMatch(/not enough money/i);
    expect(await findOrder(database.db(), result.orderId)).toMatchObject({ status: "failed" });
  });

  it("answers the issue form within its wait while the provider is slow; the submission goes on and ends on its own", async () => {
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider: "cardepass", latencyMs: 1500 }) });
    try {
      const began = Date.now();
      const result = await issue({ provider: "cardepass", kind: "cardepass-standard", productId: "DGG0C4JD", currency: "USD", alias: "Slow provider", initialAmount: "12" }, { answerWithinMs: 200 });
      // Answered before the provider did: the card's page follows the order from here.
      expect(Date.now() - began).toBeLessThan(1_400);
      expect(result).toMatchObject({ status: "created", failureMessage: null });
      // The form reloaded (its submission id lost) and sent again: refused on the alias while the first is unanswered,
      // nothing written; another alias is a second card the person means to issue.
      const before = await tableCounts();
      const again = await issue({ provider: "cardepass", kind: "cardepass-standard", productId: "DGG0C4JD", currency: "USD", alias: "slow PROVIDER", initialAmount: "12" }, { answerWithinMs: 200 }).catch((error: unknown) => error);
      expect(again).toBeInstanceOf(ActionError);
      expect(again).toMatchObject({ code: "conflict", fields: { alias: expect.stringContaining("already issuing a card with this alias") } });
      expect(await tableCounts()).toEqual(before);
      // Nobody follows it here: the submission begun in the background sends it and records the provider's answer.
      let order = await findOrder(database.db(), result.orderId);
      expect(order?.providerOrderId).toBeNull();
      for (let waited = 0; !order?.providerOrderId && waited < 10_000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        order = await findOrder(database.db(), result.orderId);
      }
      expect(order?.attempts).toBe(1);
      expect(order?.providerOrderId).not.toBeNull();
    } finally {
      await fetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
    }
    // Without a wait (an approved request's execution), issuing waits for the provider's first answer as before.
    const waited = await issue({ provider: "cardepass", kind: "cardepass-standard", productId: "DGG0C4JD", currency: "USD", alias: "Waited for", initialAmount: "12" });
    expect(waited.status).not.toBe("created");
  });

  it("answers a card's dialog within its wait while the provider is slow; the change goes on and ends on its own", async () => {
    const standard = await issue({ provider: "cardepass", kind: "cardepass-standard", productId: "DGG0C4JD", currency: "USD", alias: "Slow freeze", initialAmount: "12" });
    await followToEnd(standard.orderId);
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider: "cardepass", latencyMs: 1500 }) });
    let orderId = "";
    try {
      const began = Date.now();
      const result = await requestCardChange(database.db(), await finance(), TEST_META, standard.cardId, { type: "freeze" }, { answerWithinMs: 200 });
      expect(Date.now() - began).toBeLessThan(1_400);
      expect(result).toMatchObject({ status: "created", failureMessage: null });
      orderId = result.orderId;
      let order = await findOrder(database.db(), orderId);
      for (let waited = 0; order?.status === "created" && waited < 10_000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        order = await findOrder(database.db(), orderId);
      }
      // Sent once, by the submission begun in the background.
      expect(order?.attempts).toBe(1);
      expect(order?.status).not.toBe("created");
    } finally {
      await fetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
    }
    expect((await followToEnd(orderId))?.status).toBe("completed");
    expect((await findCard(database.db(), standard.cardId))?.status).toBe("frozen");
  });

  it("tells the holder when someone else freezes, unfreezes or cancels their card, and not when they froze it themselves", async () => {
    const eli = await sessionUserFor(database.db(), "employee@demo.test");
    const issued = await issue({ provider: "cardepass", kind: "cardepass-standard", productId: "DGG0C4JD", currency: "USD", alias: "Told holder", initialAmount: "12" });
    await followToEnd(issued.orderId);
    const changeAs = async (user: typeof eli, type: "freeze" | "unfreeze" | "cancel") => followToEnd((await requestCardChange(database.db(), user, TEST_META, issued.cardId, { type })).orderId);
    await changeAs(eli, "freeze");
    await changeAs(await finance(), "unfreeze");
    await changeAs(await finance(), "freeze");
    await changeAs(await finance(), "cancel");
    const notices = await database
      .db()
      .select({ kind: notifications.kind, title: notifications.title, body: notifications.body })
      .from(notifications)
      .where(and(eq(notifications.recipientUserId, eli.id), eq(notifications.href, `/cards/${issued.cardId}`)))
      .orderBy(asc(notifications.createdAt));
    expect(notices.map((notice) => notice.kind)).toEqual(["card.unfrozen", "card.frozen", "card.cancelled"]);
    expect(notices[1]).toEqual({
      kind: "card.frozen",
      title: "Your card “Told holder” was frozen",
      body: "By Fiona Finance. Every new payment is declined until it is unfrozen; ask for an unfreeze on the card's page if you need it.",
    });
  });

  it("retries a request that met a provider outage with the same key, creating one order only", async () => {
    const fault = (body: unknown) => fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    await fault({ provider: "cardepass", failNext: 6, failStatus: 503 });
    const result = await issue({ provider: "cardepass", kind: "cardepass-standard", productId: "DGG0C4JD", currency: "USD", alias: "Outage", initialAmount: "12" });
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
    const order = await followToEnd(result.orderId);
    expect(order?.status).toBe("completed");
    const card = await findCard(database.db(), result.cardId);
    const state = (await (await fetch(`${sandbox.url}/_sandbox/card-secrets`)).json()) as { cards: { provider: string; cardId: string }[] };
    expect(state.cards.filter((entry) => entry.cardId === card?.providerCardId)).toHaveLength(1);
  });

  it("refuses a change the employee's role does not allow, even when called directly", async () => {
    const employee = await sessionUserFor(database.db(), "employee2@demo.test");
    const shared = await issue({ provider: "cardopenapi", kind: "cardopenapi", productId: "cpi_6530de6a2f1c7", alias: "Not yours", initialAmount: "10" });
    await followToEnd(shared.orderId);
    await expect(requestCardChange(database.db(), employee, TEST_META, shared.cardId, { type: "freeze" })).rejects.toMatchObject({ code: "conflict" });
  });
});
