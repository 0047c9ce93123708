import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard } from "@/db/queries/card-updates";
import { findProduct, setProductFees } from "@/db/queries/products";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findUserByEmail } from "@/db/queries/users";
import { providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import { issueCard } from "@/lib/cards/issue-card";
import { requestCardChange, type CardChange } from "@/lib/cards/request-card-change";
import { issueCardSchema, type IssueCardFormInput } from "@/lib/cards/schemas";
import { refreshAllFunding } from "@/lib/funding/refresh-funding";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { providerForAccount } from "@/lib/providers/for-account";
import type { CardModel, ProviderName } from "@/lib/providers/types";
import { eventually } from "@/lib/providers/integration-support";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { quoteFee, type FeeAction, type FeeQuote } from "./product-fees";
import { parseProductFees } from "./parse-product-fees";
import { followOrderToEnd } from "@/test/follow-order";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
let sandbox: RunningSandbox;
const accountIds = {} as Record<ProviderName, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  for (const account of await listProviderAccounts(database.db())) accountIds[account.provider] = account.id;
  expect((await refreshAllProducts(database.db())).failed).toEqual([]);
  expect((await refreshAllFunding(database.db())).failed).toEqual([]);
});
afterAll(async () => sandbox?.close());

const finance = () => sessionUserFor(database.db(), "finance@demo.test");

const followToEnd = async (orderId: string) => (await followOrderToEnd(database.db(), orderId))!;

/** What the dashboard discloses: the stored product's fees, quoted exactly as the forms quote them. */
async function disclosed(provider: ProviderName, productId: string, model: CardModel, action: FeeAction, principal: bigint): Promise<FeeQuote | null> {
  const product = await findProduct(database.db(), { providerAccountId: accountIds[provider], providerProductId: productId });
  return quoteFee(parseProductFees(product?.fees), model, action, principal);
}

/** The paying funding balance as the sandbox reports it now, over HTTP. */
async function fundingAt(provider: ProviderName, productId: string): Promise<bigint> {
  const balances = await (await providerForAccount(database.db(), accountIds[provider])).fundingBalances();
  const source = provider === "nobepay" ? balances.find((b) => b.accountId === productId) : balances.find((b) => b.currency === "USD");
  return source!.available!.amount;
}

async function cardBalanceAt(provider: ProviderName, cardId: string): Promise<bigint> {
  const card = await findCard(database.db(), cardId);
  return (await (await providerForAccount(database.db(), accountIds[provider])).getCard(card!.providerCardId!)).balance!.amount;
}

type IssueInput = IssueCardFormInput extends infer T ? (T extends unknown ? Omit<T, "accountId" | "ownerUserId"> : never) : never;

async function issue(provider: ProviderName, input: IssueInput) {
  const owner = await findUserByEmail(database.db(), "employee@demo.test");
  const parsed = issueCardSchema.parse({ ...input, accountId: accountIds[provider], ownerUserId: owner!.id });
  const result = await issueCard(database.db(), await finance(), TEST_META, parsed);
  const order = await followToEnd(result.orderId);
  expect(order.status).toBe("completed");
  return { cardId: result.cardId, order };
}

async function change(cardId: string, request: CardChange) {
  const result = await requestCardChange(database.db(), await finance(), TEST_META, cardId, request);
  const order = await followToEnd(result.orderId);
  expect(order.status).toBe("completed");
  return order;
}

/** Issues and checks that the funding account lost exactly the amount plus the disclosed fee. */
async function issueAndCompare(provider: ProviderName, productId: string, model: CardModel, input: IssueInput, principal: bigint) {
  const quote = await disclosed(provider, productId, model, "issue", principal);
  const before = await fundingAt(provider, productId);
  const { cardId, order } = await issue(provider, input);
  const charged = before - (await fundingAt(provider, productId)) - principal;
  return { quote, charged, cardId, orderFee: order.fee };
}

describe("Card OPEN-API: the BIN list's published fees equal what the sandbox charges", () => {
  it("discloses open_fee + recharge_fee_rate for an issue, before any order, and the sandbox charges exactly that", async () => {
    const { quote, charged, orderFee } = await issueAndCompare("cardopenapi", "cpi_6530de6a2f1c7", "prepaid", { kind: "cardopenapi", productId: "cpi_6530de6a2f1c7", alias: "Fee check", initialAmount: "20" }, 2000n);
    // The issue's own example: "$1.30 to issue a Card OPEN-API card" (1.00 open fee + 1.5% of 20.00).
    expect(quote).toMatchObject({ fee: 130n, source: "provider" });
    expect(charged).toBe(130n);
    expect(orderFee).toBe(130n);
  });

  it("discloses the recharge rate for a top-up, rounded as charged", async () => {
    const { cardId } = await issue("cardopenapi", { kind: "cardopenapi", productId: "cpi_65a1b2c3d4e5f", alias: "Top-up fee", initialAmount: "10" });
    const quote = await disclosed("cardopenapi", "cpi_65a1b2c3d4e5f", "prepaid", "topup", 1255n);
    const before = await fundingAt("cardopenapi", "");
    const order = await change(cardId, { type: "topup", amount: "12.55" });
    const charged = before - (await fundingAt("cardopenapi", "")) - 1255n;
    expect(quote).toMatchObject({ fee: 13n, source: "provider" });
    expect(charged).toBe(quote!.fee);
    expect(order.fee).toBe(quote!.fee);
  });
});

describe("Cardepass: each kind's fee is learnt from the charged order and disclosed as last charged", () => {
  it("ShareBalance and Standard issues: the second disclosure equals what the sandbox then charges", async () => {
    const share = { kind: "cardepass-sharebalance", productId: "DGG0C4JD", currency: "USD", alias: "Share fee", perTransactionLimit: "10", lifetimeLimit: "" } as const;
    const first = await issueAndCompare("cardepass", "DGG0C4JD", "sharebalance", share, 0n);
    // Nothing is known before the first order: never a guessed zero.
    expect(first.quote).toBeNull();
    const second = await issueAndCompare("cardepass", "DGG0C4JD", "sharebalance", share, 0n);
    expect(second.quote).toMatchObject({ fee: first.charged, source: "last_charged" });
    expect(second.charged).toBe(second.quote!.fee);

    const standard = { kind: "cardepass-standard", productId: "DGG0C4JD", currency: "USD", alias: "Standard fee", initialAmount: "30" } as const;
    const learn = await issueAndCompare("cardepass", "DGG0C4JD", "standard", standard, 3000n);
    const check = await issueAndCompare("cardepass", "DGG0C4JD", "standard", standard, 3000n);
    // "totalFee": 0.2, OpenCardFee 0.1 + TopUpFee 0.1 (cardepass-v1.md, standard apply order).
    expect(learn.charged).toBe(20n);
    expect(check.quote).toMatchObject({ fee: 20n, source: "last_charged" });
    expect(check.charged).toBe(check.quote!.fee);
  });

  it("Standard top-up, withdrawal and cancellation: disclosed fee equals the charge (funding account or card)", async () => {
    const standard = { kind: "cardepass-standard", productId: "0BN03HNK", currency: "USD", initialAmount: "50" } as const;
    const cards = [(await issue("cardepass", { ...standard, alias: "Learn" })).cardId, (await issue("cardepass", { ...standard, alias: "Check" })).cardId];
    const topUpCharges: [FeeQuote | null, bigint][] = [];
    const withdrawCharges: [FeeQuote | null, bigint][] = [];
    for (const cardId of cards) {
      const topUpQuote = await disclosed("cardepass", "0BN03HNK", "standard", "topup", 500n);
      const fundingBefore = await fundingAt("cardepass", "");
      await change(cardId, { type: "topup", amount: "5" });
      topUpCharges.push([topUpQuote, fundingBefore - (await fundingAt("cardepass", "")) - 500n]);

      // "$0.10 on a withdrawal that took $5.10 off a $5.00 request": the fee comes off the card.
      const withdrawQuote = await disclosed("cardepass", "0BN03HNK", "standard", "withdraw", 500n);
      const cardBefore = await cardBalanceAt("cardepass", cardId);
      await change(cardId, { type: "withdraw", amount: "5" });
      withdrawCharges.push([withdrawQuote, cardBefore - (await cardBalanceAt("cardepass", cardId)) - 500n]);
    }
    expect(topUpCharges[0]![0]).toBeNull();
    expect(topUpCharges[1]![0]).toMatchObject({ fee: topUpCharges[0]![1], source: "last_charged" });
    expect(topUpCharges[1]![1]).toBe(topUpCharges[1]![0]!.fee);
    expect(withdrawCharges[1]![0]).toMatchObject({ fee: 10n, source: "last_charged" });
    expect(withdrawCharges[1]![1]).toBe(10n);

    const cancelCharges: [FeeQuote | null, bigint][] = [];
    for (const cardId of cards) {
      const quote = await disclosed("cardepass", "0BN03HNK", "standard", "cancel", 0n);
      const balance = await cardBalanceAt("cardepass", cardId);
      const fundingBefore = await fundingAt("cardepass", "");
      await change(cardId, { type: "cancel" });
      // The remaining balance less the cancellation fee returns to the funding account once settled (WaitTransfer).
      const returned = await eventually(async () => {
        const delta = (await fundingAt("cardepass", "")) - fundingBefore;
        return delta > 0n ? delta : undefined;
      });
      cancelCharges.push([quote, balance - returned]);
    }
    expect(cancelCharges[1]![0]).toMatchObject({ fee: cancelCharges[0]![1], source: "last_charged" });
    expect(cancelCharges[1]![1]).toBe(cancelCharges[1]![0]!.fee);
    expect(cancelCharges[1]![1]).toBe(10n);
  });
});

describe("NobePay states no fee, and the sandbox charges none", () => {
  it("an issue and a top-up take exactly the amount; nothing is disclosed as a fee that was never stated", async () => {
    const input = { kind: "nobepay", productId: "v_5bc814", alias: "No fee", initialAmount: "20", holderFirstName: "Eli", holderLastName: "Employee", street: "1 Main St", city: "Austin", state: "TX", zipCode: "73301" } as const;
    const { quote, charged, cardId } = await issueAndCompare("nobepay", "v_5bc814", "prepaid", input, 2000n);
    expect(charged).toBe(0n);
    expect(quote).toBeNull();
    const before = await fundingAt("nobepay", "v_5bc814");
    await change(cardId, { type: "topup", amount: "10" });
    expect(before - (await fundingAt("nobepay", "v_5bc814"))).toBe(1000n);
    expect(await disclosed("nobepay", "v_5bc814", "prepaid", "topup", 1000n)).toBeNull();
  });
});

describe("refreshing products keeps the fees already known", () => {
  it("a Cardepass product keeps its last-charged fees and a cardopenapi BIN its published ones", async () => {
    const before = await findProduct(database.db(), { providerAccountId: accountIds.cardepass, providerProductId: "0BN03HNK" });
    expect(Object.keys(parseProductFees(before?.fees))).toEqual(expect.arrayContaining(["standard:issue", "standard:topup", "standard:withdraw", "standard:cancel"]));
    expect((await refreshAllProducts(database.db())).failed).toEqual([]);
    const after = await findProduct(database.db(), { providerAccountId: accountIds.cardepass, providerProductId: "0BN03HNK" });
    expect(parseProductFees(after?.fees)).toEqual(parseProductFees(before?.fees));
    const bin = await findProduct(database.db(), { providerAccountId: accountIds.cardopenapi, providerProductId: "cpi_6530de6a2f1c7" });
    expect(parseProductFees(bin?.fees)["prepaid:issue"]).toMatchObject({ fixed: "100", ratePpm: 15000, source: "provider" });
  });
});

describe("fees of orders completed before they were kept", () => {
  it("are filled in by a refresh from the last completed order of each kind on the account", async () => {
    const product = await findProduct(database.db(), { providerAccountId: accountIds.cardepass, providerProductId: "0BN03HNK" });
    const learnt = parseProductFees(product?.fees);
    await setProductFees(database.db(), { productId: product!.id, fees: {} });
    expect((await refreshAllProducts(database.db(), { accountId: accountIds.cardepass })).failed).toEqual([]);
    const refilled = parseProductFees((await findProduct(database.db(), { providerAccountId: accountIds.cardepass, providerProductId: "0BN03HNK" }))?.fees);
    expect(refilled).toEqual(learnt);
    expect(refilled["standard:cancel"]).toMatchObject({ fixed: "10", source: "last_charged", orderId: expect.any(String) });
  });
});

describe("an amount above the paying funding balance is refused on its field, before anything is sent", () => {
  it("refuses a top-up and an issue above the balance without writing an order or calling the provider", async () => {
    expect((await refreshAllFunding(database.db())).failed).toEqual([]);
    const available = await fundingAt("cardopenapi", "");
    const { cardId } = await issue("cardopenapi", { kind: "cardopenapi", productId: "cpi_6530de6a2f1c7", alias: "Too much", initialAmount: "10" });
    expect((await refreshAllFunding(database.db())).failed).toEqual([]);
    const [ordersBefore] = await database.db().select({ value: count() }).from(providerOrders);
    // Every provider call goes out through fetch (lib/providers/http.ts): none may leave while refusing.
    const providerCalls = vi.spyOn(globalThis, "fetch");
    const tooMuch = ((available + 100_000n) / 100n).toString();
    await expect(requestCardChange(database.db(), await finance(), TEST_META, cardId, { type: "topup", amount: tooMuch })).rejects.toMatchObject({
      code: "invalid_input",
      fields: { amount: expect.stringContaining("The funding balance that pays is") },
    });
    const owner = await findUserByEmail(database.db(), "employee@demo.test");
    const parsed = issueCardSchema.parse({ kind: "cardopenapi", productId: "cpi_6530de6a2f1c7", alias: "Too much", initialAmount: tooMuch, accountId: accountIds.cardopenapi, ownerUserId: owner!.id });
    await expect(issueCard(database.db(), await finance(), TEST_META, parsed)).rejects.toMatchObject({ fields: { initialAmount: expect.stringContaining("this card's first top-up needs") } });
    const [ordersAfter] = await database.db().select({ value: count() }).from(providerOrders);
    expect(ordersAfter!.value).toBe(ordersBefore!.value);
    expect(providerCalls).not.toHaveBeenCalled();
    providerCalls.mockRestore();
  });
});
