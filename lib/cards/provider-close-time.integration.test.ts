/**
 * A card cancelled at its provider, outside Cardhub, closed when the provider says it did, not when a sync first noticed.
 * cardopenapi.md card_list: "card_list.close_at datetime 是 发起销卡时间" and "card_list.end_at datetime 是 完成销卡时间"
 * (`"end_at": ""` for the example's open cards); the demo's Card OPEN-API account reads its times in UTC.
 */
import { and, eq, gt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard, findCardByProviderId } from "@/db/queries/card-updates";
import { auditLog } from "@/db/schema/audit";
import { providerForAccount } from "@/lib/providers/for-account";
import type { RunningSandbox } from "@/sandbox/server";
import { cardopenapiPost } from "@/sandbox/test-support/clients";
import { startCardSyncSandbox } from "@/test/card-sync-sandbox";
import { withTestDatabase } from "@/test/database";
import { syncAccountCards, syncAllCards } from "./sync-account-cards";
import { applyRemoteCard } from "./sync-card";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let accountIds: Record<string, string> = {};

// Seeded sandbox cards (sandbox/README.md): one active, one frozen, one cancelled before Cardhub ever saw it.
const COA_ACTIVE = "5f1d0c9e8b7a6f5e4d3c2b1a00000001";
const COA_FROZEN = "5f1d0c9e8b7a6f5e4d3c2b1a00000003";
const COA_CANCELLED = "5f1d0c9e8b7a6f5e4d3c2b1a00000004";

type WireCard = { status: number; close_at: string; end_at: string };

/** The card as the provider answers it (卡详情, shaped like a card_list row). */
async function providerCard(providerCardId: string): Promise<WireCard> {
  const answer = (await (await cardopenapiPost(sandbox.url, "/card/cardDetail", { card_id: providerCardId })).json()) as { data: WireCard };
  return answer.data;
}

/** A "YYYY-MM-DD HH:mm:ss" the account reads in UTC. */
const utc = (wire: string) => new Date(`${wire.replace(" ", "T")}Z`);

async function card(providerCardId: string) {
  const found = await findCardByProviderId(db(), { providerAccountId: accountIds.cardopenapi!, providerCardId });
  if (!found) throw new Error(`no Card OPEN-API card ${providerCardId}`);
  return found;
}

async function lastAuditId(): Promise<bigint> {
  return BigInt((await db().execute<{ max: string }>(sql`select coalesce(max(id), 0)::text as max from audit_log`)).rows[0]!.max);
}

beforeAll(async () => {
  ({ sandbox, accountIds } = await startCardSyncSandbox(db(), { providerCardId: "66a0c0de0000000000000001", cardModel: "sharebalance", alias: "Marketing - Ads", status: "active" }));
  expect(await syncAllCards(db())).toMatchObject({ failed: 0 });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("a card whose provider gives no close time (NobePay)", () => {
  const NB_CANCELED = "c_8f3a1c0e5b7d4a2f0004";
  const NB_ACTIVE = "c_8f3a1c0e5b7d4a2f0001";
  const nobepayCard = (providerCardId: string) => findCardByProviderId(db(), { providerAccountId: accountIds.nobepay!, providerCardId });

  it("reaching Cardhub already cancelled, has no close date rather than the import's", async () => {
    expect(await nobepayCard(NB_CANCELED)).toMatchObject({ status: "cancelled", closedAt: null });
  });

  it("cancelled at the provider later, closed when the sync first saw it", async () => {
    const response = await fetch(`${sandbox.url}/_sandbox/cards/nobepay/${NB_ACTIVE}/status`, { method: "POST", body: JSON.stringify({ status: "CANCELED" }) });
    expect(response.status).toBe(200);
    const before = Date.now();
    expect(await syncAccountCards(db(), accountIds.nobepay!)).toMatchObject({ failed: 0 });
    const closed = (await nobepayCard(NB_ACTIVE))!;
    expect(closed.status).toBe("cancelled");
    expect(closed.closedAt!.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(closed.closedAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
  });
});

describe("a Card OPEN-API card cancelled outside Cardhub", () => {
  it("that reaches Cardhub already cancelled closed at the provider's end_at", async () => {
    const wire = await providerCard(COA_CANCELLED);
    expect(wire).toMatchObject({ status: 5, end_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) });
    expect(await card(COA_CANCELLED)).toMatchObject({ status: "cancelled", closedAt: utc(wire.end_at) });
  });

  it("cancelled at the provider after Cardhub took it in: the next sync stores the provider's end_at as closed_at, and the audit row names it", async () => {
    expect(await card(COA_ACTIVE)).toMatchObject({ status: "active", closedAt: null });
    const since = await lastAuditId();

    // 发起销卡 sent to the provider by someone else: 销卡中 (4) first, then 已销卡 (5).
    const asked = (await (await cardopenapiPost(sandbox.url, "/card/cardCancel", { card_id: COA_ACTIVE })).json()) as { code: number };
    expect(asked.code).toBe(0);
    await vi.waitFor(async () => expect((await providerCard(COA_ACTIVE)).status).toBe(5), { timeout: 10_000, interval: 50 });
    const wire = await providerCard(COA_ACTIVE);
    expect(wire.close_at).not.toBe("");
    // A second later the sync's own clock (now()) cannot be mistaken for the provider's end_at.
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    expect(await syncAccountCards(db(), accountIds.cardopenapi!)).toMatchObject({ failed: 0 });
    const closed = await card(COA_ACTIVE);
    expect(closed).toMatchObject({ status: "cancelled", closedAt: utc(wire.end_at) });

    const rows = await db()
      .select()
      .from(auditLog)
      .where(and(gt(auditLog.id, since), eq(auditLog.action, "card.changed_at_provider"), eq(auditLog.targetId, closed.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.summary).toMatchObject({ before: { status: "active" }, after: { status: "cancelled" }, closedAt: utc(wire.end_at).toISOString() });
  });

  it("keeps the close it first recorded on later reads", async () => {
    const closed = await card(COA_ACTIVE);
    expect(closed.closedAt).not.toBeNull();
    const provider = await providerForAccount(db(), accountIds.cardopenapi!);
    const remote = await provider.getCard(COA_ACTIVE);
    expect(await applyRemoteCard(db(), closed, { ...remote, closedAt: new Date("2020-01-01T00:00:00Z") }, new Date())).toBe(true);
    expect((await findCard(db(), closed.id))!.closedAt).toEqual(closed.closedAt);
  });

  it("a provider close time still to come when its answer arrived is not believed: the sync's own time stands", async () => {
    const frozen = await card(COA_FROZEN);
    const provider = await providerForAccount(db(), accountIds.cardopenapi!);
    const remote = await provider.getCard(COA_FROZEN);
    const readAt = new Date();
    // An account read in the wrong time zone puts a cancel completed a moment ago hours ahead.
    const ahead = new Date(readAt.getTime() + 8 * 60 * 60 * 1000);
    expect(await applyRemoteCard(db(), frozen, { ...remote, status: "cancelled", closedAt: ahead }, readAt)).toBe(true);
    const closed = (await findCard(db(), frozen.id))!;
    expect(closed.status).toBe("cancelled");
    expect(closed.closedAt!.getTime()).toBeGreaterThanOrEqual(readAt.getTime() - 1_000);
    expect(closed.closedAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
  });
});
