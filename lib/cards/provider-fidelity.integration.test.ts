import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { findCard, insertCard } from "@/db/queries/card-updates";
import { nobepayClient } from "@/sandbox/test-support/clients";
import { seedDemo } from "@/db/seed";
import { ActionError } from "@/lib/actions/result";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { issueCard } from "./issue-card";
import { issueCardSchema } from "./schemas";
import { syncAllCards } from "./sync-account-cards";
import { requestCardChange } from "./request-card-change";
import { revealCardSecrets } from "./reveal-card";
import { updateHolderAddress } from "./update-holder-address";
import { followOrderToEnd } from "@/test/follow-order";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
let sandbox: RunningSandbox;
const INACTIVE = "5f1d0c9e8b7a6f5e4d3c2b1a00000005";
const NOBEPAY_CARD = "c_8f3a1c0e5b7d4a2f0002";

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 30 });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  await syncAllCards(database.db());
});
afterAll(async () => sandbox?.close());

const cardByProviderId = async (providerCardId: string) => (await database.db().select().from(cards).where(eq(cards.providerCardId, providerCardId)))[0]!;

const followToEnd = async (orderId: string) => (await followOrderToEnd(database.db(), orderId));

describe("cardopenapi 卡激活 from Cardhub", () => {
  it("finance activates a status-1 card; it becomes active with the provider's status 2", async () => {
    const card = await cardByProviderId(INACTIVE);
    expect(card).toMatchObject({ status: "inactive", providerStatus: "1" });
    const employee = await sessionUserFor(database.db(), "employee@demo.test");
    await expect(requestCardChange(database.db(), employee, TEST_META, card.id, { type: "activate" })).rejects.toBeInstanceOf(ActionError);

    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    const started = await requestCardChange(database.db(), finance, TEST_META, card.id, { type: "activate" });
    const order = await followToEnd(started.orderId);
    expect(order).toMatchObject({ type: "activate", status: "completed" });
    expect(await findCard(database.db(), card.id)).toMatchObject({ status: "active", providerStatus: "2" });
    const [audit] = await database.db().select().from(auditLog).where(and(eq(auditLog.targetId, card.id), eq(auditLog.action, "card.activated"))).orderBy(desc(auditLog.id)).limit(1);
    expect(audit).toBeDefined();
    // An active card cannot be activated again.
    await expect(requestCardChange(database.db(), finance, TEST_META, card.id, { type: "activate" })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("NobePay card/update from Cardhub", () => {
  it("finance corrects the cardholder's address at the provider, audited; other providers and roles are refused", async () => {
    const card = await cardByProviderId(NOBEPAY_CARD);
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    const address = { cardId: card.id, street: "1 Infinite Loop", city: "Atlanta", state: "GA", zipCode: "30301" };
    await updateHolderAddress(database.db(), finance, TEST_META, address);
    const nb = await nobepayClient(sandbox.url);
    const info = (await (await nb.get(`/card/info?cardId=${NOBEPAY_CARD}`)).json()) as { data: { cardHolder: { address: Record<string, string> } } };
    expect(info.data.cardHolder.address).toEqual({ street: "1 Infinite Loop", city: "Atlanta", state: "GA", zipCode: "30301", country: "US" });
    const [audit] = await database.db().select().from(auditLog).where(and(eq(auditLog.targetId, card.id), eq(auditLog.action, "card.holder_address_changed"))).orderBy(desc(auditLog.id)).limit(1);
    expect(audit?.summary).toMatchObject({ provider: "nobepay", after: { street: "1 Infinite Loop", city: "Atlanta", state: "GA", zipCode: "30301" } });

    // Once the account's products (with NobePay's enum/us/states) are stored, only a listed state is accepted.
    await refreshAllProducts(database.db());
    await expect(updateHolderAddress(database.db(), finance, TEST_META, { ...address, state: "ZZ" })).rejects.toMatchObject({ code: "invalid_input", fields: { state: "Choose a state from the list." } });

    const employee = await sessionUserFor(database.db(), "employee@demo.test");
    await expect(updateHolderAddress(database.db(), employee, TEST_META, address)).rejects.toMatchObject({ code: "conflict" });
    const cardopenapi = await cardByProviderId("5f1d0c9e8b7a6f5e4d3c2b1a00000002");
    await expect(updateHolderAddress(database.db(), finance, TEST_META, { ...address, cardId: cardopenapi.id })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("reveal against a Cardepass v2 account", () => {
  it("says plainly that the provider returns no card details, before asking for a step-up", async () => {
    // Cardepass has no card list, so the card is recorded as an issue order would have recorded it.
    const [account] = await database.db().select().from(providerAccounts).where(eq(providerAccounts.provider, "cardepass"));
    const owner = await sessionUserFor(database.db(), "employee@demo.test");
    const card = await insertCard(database.db(), {
      organizationId: owner.organizationId,
      providerAccountId: account!.id,
      providerCardId: "66a0c0de0000000000000001",
      cardModel: "sharebalance",
      alias: "Marketing - Ads",
      currency: "USD",
      status: "active",
      ownerUserId: owner.id,
      teamId: owner.teamIds[0],
    });
    await database.db().update(providerAccounts).set({ settings: { apiVersion: "v2" }, updatedAt: new Date() }).where(eq(providerAccounts.id, account!.id));
    const error = await revealCardSecrets(database.db(), owner, TEST_META, { cardId: card.id }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "conflict", message: "Cardepass does not return card details (number, CVV, expiry) for this account, so Cardhub cannot show them." });
  });
});

describe("NobePay customerId from Cardhub", () => {
  it("is the card owner's id in the organisation; the order id travels as a tag Cardhub does not show", async () => {
    // nobepay.md 创建虚拟卡: "| customerId | 否 | string | 自定义客户id |", example "customerId": "user_id_123".
    await refreshAllProducts(database.db());
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    const owner = await sessionUserFor(database.db(), "employee@demo.test");
    const [account] = await database.db().select().from(providerAccounts).where(eq(providerAccounts.provider, "nobepay"));
    const request = issueCardSchema.parse({
      kind: "nobepay",
      accountId: account!.id,
      ownerUserId: owner.id,
      productId: "v_5bc814",
      alias: "Owner ref",
      tags: ["ops"],
      initialAmount: "25.00",
      holderFirstName: "Eli",
      holderLastName: "Employee",
      street: "1 Main St",
      city: "Austin",
      state: "TX",
      zipCode: "73301",
    });
    const issued = await issueCard(database.db(), finance, TEST_META, request);
    const order = await followToEnd(issued.orderId);
    expect(order).toMatchObject({ status: "completed" });
    const card = (await findCard(database.db(), issued.cardId))!;
    const nb = await nobepayClient(sandbox.url);
    const info = (await (await nb.get(`/card/info?cardId=${card.providerCardId}`)).json()) as { data: { card: { cutomerId?: string; customerId?: string }; tags: string[] } };
    expect(info.data.card.cutomerId ?? info.data.card.customerId).toBe(owner.id);
    expect(info.data.tags).toEqual(["ops", `cardhub-order-${issued.orderId}`]);
    expect(card.tags).toEqual(["ops"]);
  });
});
