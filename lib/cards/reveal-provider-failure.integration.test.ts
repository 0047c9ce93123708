import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { updateCard } from "@/db/queries/card-updates";
import { clearHits } from "@/db/queries/rate-limits";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { getSettings } from "@/lib/settings/get-settings";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { revealCardSecrets, revealWaitMs } from "./reveal-card";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let cardId: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 20 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  await syncAllCards(db());
  const [card] = await db().select().from(cards).where(eq(cards.status, "active")).limit(1);
  const owner = await sessionUserFor(db(), "employee@demo.test");
  await updateCard(db(), card!.id, { ownerUserId: owner.id, teamId: owner.teamIds[0] });
  cardId = card!.id;
});
afterAll(async () => sandbox?.close());

async function sandboxFaults(method: "POST" | "DELETE", body?: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/faults`, { method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
  expect(response.ok).toBe(true);
}

describe("a reveal the provider could not serve", () => {
  it("does not use up one of the reveals: the full allowance is still there afterwards", async () => {
    const owner = await sessionUserFor(db(), "employee@demo.test");
    const { max } = (await getSettings(db(), owner.organizationId)).revealRateLimit;
    await clearHits(db(), { bucket: "reveal", key: owner.id });
    const reveal = () => revealCardSecrets(db(), owner, TEST_META, { cardId });

    // Every attempt of the read (with its retries) answers 500: the person sees nothing.
    await sandboxFaults("POST", { failNext: 20, failStatus: 500 });
    await expect(reveal()).rejects.toMatchObject({ code: "provider_error" });
    await sandboxFaults("DELETE");
    const [failure] = await db().select().from(auditLog).where(and(eq(auditLog.targetId, cardId), eq(auditLog.action, "card.reveal_denied"))).orderBy(desc(auditLog.id)).limit(1);
    expect(failure).toMatchObject({ outcome: "failure", summary: { reason: "provider_error" } });

    for (let index = 0; index < max; index += 1) await expect(reveal(), `reveal ${index + 1} of ${max}`).resolves.toMatchObject({ number: expect.stringMatching(/^\d{15,16}$/) });
    await expect(reveal()).rejects.toMatchObject({ code: "rate_limited" });
  });

  it("answers the person within one attempt's timeout when the provider hangs, not after the whole retry budget", async () => {
    const owner = await sessionUserFor(db(), "employee@demo.test");
    await clearHits(db(), { bucket: "reveal", key: owner.id });
    const [card] = await db().select({ accountId: cards.providerAccountId }).from(cards).where(eq(cards.id, cardId));
    const [account] = await db().select().from(providerAccounts).where(eq(providerAccounts.id, card!.accountId));
    // 0.4 s an attempt within a 4 s budget: a background read would retry the hanging provider for 4 s.
    await db().update(providerAccounts).set({ settings: { ...account!.settings, timeoutMs: 400, maxRetryMs: 4_000 } }).where(eq(providerAccounts.id, account!.id));
    await sandboxFaults("POST", { provider: account!.provider, failNext: 20, failMode: "hang" });
    try {
      const started = Date.now();
      await expect(revealCardSecrets(db(), owner, TEST_META, { cardId })).rejects.toMatchObject({ code: "provider_error", message: expect.stringContaining("did not answer within 0.4 s") });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await sandboxFaults("DELETE");
      await db().update(providerAccounts).set({ settings: account!.settings }).where(eq(providerAccounts.id, account!.id));
    }
  });

  it("waits at most 10 s, or the account's own attempt timeout when shorter", () => {
    expect(revealWaitMs(undefined)).toBe(10_000);
    expect(revealWaitMs({})).toBe(10_000);
    expect(revealWaitMs({ timeoutMs: 60_000 })).toBe(10_000);
    expect(revealWaitMs({ timeoutMs: 2_500 })).toBe(2_500);
  });
});
