/**
 * A cancel that settles while an account card sync is under way. The account sync lists the cards it reads one by one
 * (Cardepass has no card list, so all of its cards) at its start and reads each one later; a cancel settling in between
 * is older than that card's read, so the read's view is stored. The provider then reporting the card open (its
 * discrepancy, lib/cards/provider-reopened.ts) must not put it back to active: cancelled is final at the write itself.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard, findCardByProviderId, insertCard, updateCard, type CardRow } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { auditLog } from "@/db/schema/audit";
import { seedDemo } from "@/db/seed";
import { availableCardActions } from "@/lib/cards/card-actions";
import type { Card } from "@/lib/providers";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { pausePoint } from "@/test/pause-point";
import { sessionUserFor } from "@/test/session-user";
import { syncAccountCards } from "./sync-account-cards";
import { applyRemoteCard } from "./sync-card";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let accountId = "";
let organizationId = "";
const realFetch = globalThis.fetch;
// Seeded Cardepass ShareBalance cards, Active at the sandbox (sandbox/README.md, "Seeded starting data").
const A = "66a0c0de0000000000000001";
const B = "66a0c0de0000000000000002";
let cardA: CardRow;
let cardB: CardRow;

async function cardFor(providerCardId: string, alias: string): Promise<CardRow> {
  const known = await findCardByProviderId(database.db(), { providerAccountId: accountId, providerCardId });
  if (known) return known;
  return insertCard(database.db(), { organizationId, providerAccountId: accountId, providerCardId, cardModel: "sharebalance", alias, currency: "USD", status: "active" });
}

async function reopenedAuditRows(cardId: string) {
  return database
    .db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "card.reopened_at_provider"), eq(auditLog.targetId, cardId)));
}

/** Back to an open, unmarked card read a while ago. */
async function reopenInCardhub(card: CardRow, lastSyncedAt: Date): Promise<void> {
  await updateCard(database.db(), card.id, { status: "active", providerReopenedSince: null, lastSyncedAt });
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  const cardepass = (await listProviderAccounts(database.db())).find((account) => account.provider === "cardepass")!;
  accountId = cardepass.id;
  organizationId = cardepass.organizationId;
  cardA = await cardFor(A, "Marketing - Ads");
  cardB = await cardFor(B, "Engineering SaaS");
});
afterEach(() => vi.restoreAllMocks());
afterAll(async () => sandbox?.close());

describe("a cancel that settles during an account card sync", () => {
  it("without a race: a cancelled card the provider reports open stays cancelled and is marked", async () => {
    await updateCard(database.db(), cardB.id, { status: "cancelled" });
    await updateCard(database.db(), cardB.id, { lastSyncedAt: new Date(Date.now() - 2 * 3600_000) });
    await syncAccountCards(database.db(), accountId);
    const after = (await findCard(database.db(), cardB.id))!;
    expect(after).toMatchObject({ status: "cancelled", providerStatus: "Active" });
    expect(after.providerReopenedSince).toBeInstanceOf(Date);
    await reopenInCardhub(cardB, new Date(Date.now() - 60_000));
  });

  it("landing after the sync listed its cards and before it reads that one: the card stays cancelled, marked and audited once", async () => {
    // A is read first (least recently read), B second.
    await updateCard(database.db(), cardA.id, { lastSyncedAt: new Date(Date.now() - 10 * 60_000) });
    await updateCard(database.db(), cardB.id, { lastSyncedAt: new Date(Date.now() - 5 * 60_000) });
    const auditedBefore = (await reopenedAuditRows(cardB.id)).length;
    const hold = pausePoint();
    const point = hold.arm();
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      if (new URL(input instanceof Request ? input.url : String(input)).pathname.endsWith(`/v1/cards/${A}`)) await hold.reach();
      return realFetch(input, init);
    });
    const sync = syncAccountCards(database.db(), accountId);
    await point.reached;
    // The cancel order settles meanwhile (settle-order's knownEffect { status: "cancelled" }, written through updateCard).
    const cancelled = await updateCard(database.db(), cardB.id, { status: "cancelled" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    point.release();
    expect(await sync).toMatchObject({ failed: 0, updated: 2 });

    const after = (await findCard(database.db(), cardB.id))!;
    expect(after.status).toBe("cancelled");
    expect(after.closedAt).toEqual(cancelled.closedAt);
    expect(after.providerStatus).toBe("Active");
    expect(after.providerReopenedSince).toBeInstanceOf(Date);
    expect(await reopenedAuditRows(cardB.id)).toHaveLength(auditedBefore + 1);
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    expect([...availableCardActions(finance, { ...after, provider: "cardepass" })]).toEqual([]);
    await reopenInCardhub(cardB, new Date(Date.now() - 60_000));
  });

  it("any caller's stale copy of the card: the write itself keeps a cancelled row cancelled, whatever open or closed state it is given", async () => {
    for (const reported of ["active", "frozen", "expired"] as const) {
      const cancelled = await updateCard(database.db(), cardB.id, { status: "cancelled", providerReopenedSince: null });
      const stale = { ...cancelled, status: "active" as const };
      const remote: Card = {
        provider: "cardepass", providerCardId: B, maskedNumber: null, last4: null, status: reported, providerStatus: reported, model: "sharebalance", currency: "USD",
        balance: { amount: 0n, currency: "USD" }, limits: null, totalFunded: null, totalSpent: null, holderName: null, alias: null, productId: null, brand: null,
        expiryMonth: null, expiryYear: null, tags: [], customerRef: null, holderId: null, issueOrderRef: null, createdAt: null, activatedAt: null,
      };
      expect(await applyRemoteCard(database.db(), stale, remote, new Date()), reported).toBe(true);
      const after = (await findCard(database.db(), cardB.id))!;
      expect(after.status, reported).toBe("cancelled");
      expect(after.closedAt, reported).toEqual(cancelled.closedAt);
      expect(after.providerStatus, reported).toBe(reported);
    }
  });
});
