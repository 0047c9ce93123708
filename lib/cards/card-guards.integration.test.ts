import { and, count, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard, insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { insertOrder, updateOrder } from "@/db/queries/provider-orders";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import { ActionError } from "@/lib/actions/result";
import type { SessionUser } from "@/lib/auth/session-user";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { createRequest } from "@/lib/requests/create-request";
import { createRequestSchema } from "@/lib/requests/schemas";
import { approveAll, executeToEnd } from "@/test/request-execution";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { ACCOUNT_DISABLED_REASON, availableCardActions } from "./card-actions";
import { reassignCard } from "./edit-card";
import { requestCardChange } from "./request-card-change";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let accountId: string;
let finance: SessionUser;
let eli: SessionUser;
let emma: SessionUser;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  accountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardopenapi")!.id;
  finance = await sessionUserFor(db(), "finance@demo.test");
  eli = await sessionUserFor(db(), "employee@demo.test");
  emma = await sessionUserFor(db(), "employee2@demo.test");
});
afterAll(async () => sandbox?.close());
afterEach(() => vi.restoreAllMocks());

/** Eli's card: a seeded sandbox card with 500 USD on it. */
async function elisCard(providerCardId: string): Promise<string> {
  const card = await insertCard(db(), {
    organizationId: eli.organizationId,
    providerAccountId: accountId,
    providerCardId,
    cardModel: "prepaid",
    ownerUserId: eli.id,
    teamId: eli.teamIds[0] ?? null,
    alias: `Eli ${providerCardId.slice(-2)}`,
    currency: "USD",
    status: "active",
    balance: 50_000n,
  });
  return card.id;
}

async function ordersOf(cardId: string): Promise<number> {
  const [row] = await db().select({ value: count() }).from(providerOrders).where(eq(providerOrders.cardId, cardId));
  return row!.value;
}

describe("a disabled provider account moves no money", () => {
  it("refuses a top-up (and the other money moves) with the reason and without asking the provider; freezing still works", async () => {
    const cardId = await elisCard("5f1d0c9e8b7a6f5e4d3c2b1a00000001");
    await db().update(providerAccounts).set({ active: false }).where(eq(providerAccounts.id, accountId));
    try {
      const card = (await findCard(db(), cardId))!;
      const offered = availableCardActions(finance, { ...card, provider: "cardopenapi", accountActive: false });
      expect([...offered]).not.toEqual(expect.arrayContaining(["topUp"]));
      expect(offered.has("withdraw") || offered.has("setLimits") || offered.has("unfreeze")).toBe(false);
      expect(offered.has("freeze")).toBe(true);

      const fetchSpy = vi.spyOn(globalThis, "fetch");
      for (const change of [
        { type: "topup", amount: "30" },
        { type: "withdraw", amount: "10" },
        { type: "limits", perTransactionLimit: "100", lifetimeLimit: "" },
      ] as const) {
        const refused = await requestCardChange(db(), finance, TEST_META, cardId, change).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(ActionError);
        expect(refused).toMatchObject({ code: "conflict", message: ACCOUNT_DISABLED_REASON });
      }
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(await ordersOf(cardId)).toBe(0);
      fetchSpy.mockRestore();

      // Freezing reduces risk: it still reaches the provider.
      const frozen = await requestCardChange(db(), finance, TEST_META, cardId, { type: "freeze" });
      expect(frozen.failureMessage).toBeNull();
      expect(await ordersOf(cardId)).toBe(1);
    } finally {
      await db().update(providerAccounts).set({ active: true }).where(eq(providerAccounts.id, accountId));
    }
  });
});

describe("an approved request on a disabled account's card", () => {
  it("fails with the reason when executed, without asking the provider", async () => {
    const cardId = await elisCard("5f1d0c9e8b7a6f5e4d3c2b1a00000003");
    // The request is approved while the account is enabled; the account is disabled before it executes.
    const { requestId } = await createRequest(db(), eli, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "30", purpose: "Taxis" }));
    await approveAll(db(), requestId);
    await db().update(providerAccounts).set({ active: false }).where(eq(providerAccounts.id, accountId));
    try {
      const fetchSpy = vi.spyOn(globalThis, "fetch");
      const failed = await executeToEnd(db(), requestId);
      expect(failed).toMatchObject({ status: "failed", failureMessage: expect.stringContaining("provider account is disabled") });
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(await ordersOf(cardId)).toBe(0);
    } finally {
      await db().update(providerAccounts).set({ active: true }).where(eq(providerAccounts.id, accountId));
    }
  });
});

describe("asking for a change on a disabled account's card", () => {
  it("is refused on the card, with the reason, for each kind a cardholder can ask for", async () => {
    const cardId = await elisCard("5f1d0c9e8b7a6f5e4d3c2b1a00000004");
    await db().update(providerAccounts).set({ active: false }).where(eq(providerAccounts.id, accountId));
    try {
      for (const input of [
        { kind: "top_up", cardId, amount: "30", purpose: "Taxis" },
        { kind: "unfreeze", cardId, purpose: "Back from leave" },
      ]) {
        const refused = await createRequest(db(), eli, TEST_META, createRequestSchema.parse(input)).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(ActionError);
        expect((refused as ActionError).fields).toEqual({ cardId: ACCOUNT_DISABLED_REASON });
      }
    } finally {
      await db().update(providerAccounts).set({ active: true }).where(eq(providerAccounts.id, accountId));
    }
  });
});

describe("a card keeps its holder while an order is in flight", () => {
  it("refuses reassigning a card with an open order, and allows it once the order has ended", async () => {
    const cardId = await elisCard("5f1d0c9e8b7a6f5e4d3c2b1a00000002");
    const order = await insertOrder(db(), {
      organizationId: eli.organizationId,
      providerAccountId: accountId,
      cardId,
      type: "topup",
      status: "pending",
      amount: 3_000n,
      currency: "USD",
      request: { type: "topup", amount: "3000" },
      createdByUserId: finance.id,
    });
    const refused = await reassignCard(db(), finance, TEST_META, { cardId, ownerUserId: emma.id }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ActionError);
    expect(refused).toMatchObject({ code: "conflict", message: expect.stringContaining("still in progress") });
    expect((await findCard(db(), cardId))?.ownerUserId).toBe(eli.id);

    await updateOrder(db(), order.id, { status: "completed", completedAt: new Date() });
    await reassignCard(db(), finance, TEST_META, { cardId, ownerUserId: emma.id });
    expect((await findCard(db(), cardId))?.ownerUserId).toBe(emma.id);
    const [open] = await db().select({ value: count() }).from(providerOrders).where(and(eq(providerOrders.cardId, cardId), eq(providerOrders.status, "pending")));
    expect(open!.value).toBe(0);
  });
});
