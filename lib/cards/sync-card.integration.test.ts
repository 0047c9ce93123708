import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCardByProviderId, updateCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { providerSyncStatus } from "@/db/schema/provider-sync-status";
import { seedDemo } from "@/db/seed";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { CARDS_SYNC, syncAccountCards, syncAllCards } from "./sync-account-cards";
import { applyRemoteCard, syncCard } from "./sync-card";
import { providerForAccount } from "@/lib/providers/for-account";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let accountId = "";
// A seeded Card OPEN-API card; the sandbox reads every BIN as USD, and the card is frozen, so its balance stays 75.00.
const REMOTE_ID = "5f1d0c9e8b7a6f5e4d3c2b1a00000003";

/** Cardhub keeps the card in EUR, with a balance the sync must not overwrite. */
async function keptInEuro() {
  const card = await stored();
  await updateCard(database.db(), card.id, { currency: "EUR", balance: 1234n });
  return card;
}

async function stored() {
  const card = await findCardByProviderId(database.db(), { providerAccountId: accountId, providerCardId: REMOTE_ID });
  if (!card) throw new Error(`no card ${REMOTE_ID}`);
  return card;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  accountId = (await listProviderAccounts(database.db())).find((account) => account.provider === "cardopenapi")!.id;
  expect(await syncAccountCards(database.db(), accountId)).toMatchObject({ failed: 0 });
  expect(await stored()).toMatchObject({ currency: "USD", balance: 7500n });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("a card whose provider reports its amounts in another currency than Cardhub keeps it in", () => {
  it("is refused by the sync, counted as a failed card naming both currencies, its amounts untouched", async () => {
    await keptInEuro();
    const summary = await syncAccountCards(database.db(), accountId);
    expect(summary.failed).toBe(1);
    expect(summary.updated).toBeGreaterThan(0);
    expect(summary.lastError).toMatch(/USD/);
    expect(summary.lastError).toMatch(/EUR/);
    expect(await stored()).toMatchObject({ currency: "EUR", balance: 1234n });

    await syncAllCards(database.db());
    const [status] = await database
      .db()
      .select()
      .from(providerSyncStatus)
      .where(and(eq(providerSyncStatus.providerAccountId, accountId), eq(providerSyncStatus.kind, CARDS_SYNC)));
    expect(status?.lastError).toMatch(/^1 card\(s\) could not be read: .*USD.*EUR/);
  });

  it("is refused when one card is refreshed on its own", async () => {
    const card = await keptInEuro();
    await expect(syncCard(database.db(), card.id)).rejects.toThrow(/USD.*EUR/);
    expect(await stored()).toMatchObject({ currency: "EUR", balance: 1234n });
  });
});

describe("a provider's view read before the card changed", () => {
  it("does not overwrite the change (an order that settled meanwhile); a read after it does", async () => {
    const card = await stored();
    await updateCard(database.db(), card.id, { currency: "USD", balance: 7500n });
    const provider = await providerForAccount(database.db(), accountId);
    const readAt = new Date();
    const remote = await provider.getCard(REMOTE_ID);
    // Meanwhile a cancel settles: the card is cancelled locally after the read began.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await updateCard(database.db(), card.id, { status: "cancelled", balance: 0n });
    expect(await applyRemoteCard(database.db(), { id: card.id, currency: "USD", status: card.status }, remote, readAt)).toBe(false);
    expect(await stored()).toMatchObject({ status: "cancelled", balance: 0n });
    // A view read after the change is stored, but cancelled is final: the card stays cancelled, whatever the provider
    // (and the caller's older copy of the card) says.
    expect(await applyRemoteCard(database.db(), { id: card.id, currency: "USD", status: card.status }, remote, new Date())).toBe(true);
    expect(remote.status).not.toBe("cancelled");
    expect(await stored()).toMatchObject({ status: "cancelled", providerStatus: remote.providerStatus, balance: remote.balance!.amount });
  });
});
