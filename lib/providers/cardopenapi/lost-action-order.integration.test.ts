/**
 * Review cardopenapi43 F1 through the order code: a Card OPEN-API freeze or cancellation whose answer is lost after the
 * provider carried it out (the sandbox's "lost" fault) completes in the name of the person who asked, rather than
 * failing and then turning up as a change made "at the provider".
 */
import { and, eq, gt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findCard, findCardByProviderId } from "@/db/queries/card-updates";
import { findOrder } from "@/db/queries/provider-orders";
import { auditLog } from "@/db/schema/audit";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { followOrder } from "@/lib/orders/follow-order";
import { eventually } from "@/lib/providers/integration-support";
import type { RunningSandbox } from "@/sandbox/server";
import { startCardSyncSandbox } from "@/test/card-sync-sandbox";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let accountIds: Record<string, string>;

beforeAll(async () => {
  ({ sandbox, accountIds } = await startCardSyncSandbox(db(), { providerCardId: "66a0c0de0000000000000001", cardModel: "sharebalance", alias: "x", status: "active" }));
  expect(await syncAllCards(db())).toMatchObject({ failed: 0 });
});
afterAll(async () => sandbox?.close());

const loseNextAnswer = async () => {
  const res = await fetch(`${sandbox.url}/_sandbox/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ provider: "cardopenapi", failNext: 1, failMode: "lost", failStatus: 502 }),
  });
  expect(res.status).toBe(200);
};
const lastAuditId = async () => BigInt((await db().execute<{ max: string }>(sql`select coalesce(max(id), 0)::text as max from audit_log`)).rows[0]!.max);
const auditSince = async (since: bigint, cardId: string) =>
  (await db().select().from(auditLog).where(and(gt(auditLog.id, since), eq(auditLog.targetId, cardId))).orderBy(auditLog.id)).map((row) => ({ action: row.action, actor: row.actorUserId }));

describe("a Card OPEN-API card action whose answer was lost", () => {
  it("freeze: the order completes in the asker's name, and the next card sync finds nothing changed at the provider", async () => {
    const card = (await findCardByProviderId(db(), { providerAccountId: accountIds.cardopenapi!, providerCardId: "5f1d0c9e8b7a6f5e4d3c2b1a00000001" }))!;
    expect(card.status).toBe("active");
    const finance = await sessionUserFor(db(), "finance@demo.test");
    const since = await lastAuditId();
    await loseNextAnswer();
    const result = await requestCardChange(db(), finance, TEST_META, card.id, { type: "freeze" });
    expect(await findOrder(db(), result.orderId)).toMatchObject({ status: "completed", failureCode: null });
    expect((await findCard(db(), card.id))?.status).toBe("frozen");
    await syncAllCards(db());
    expect(await auditSince(since, card.id)).toEqual([
      { action: "order.created", actor: finance.id },
      { action: "card.frozen", actor: finance.id },
    ]);
  });

  it("cancel: the order stays pending while the card is 销卡中, then completes as a cancellation by the asker", async () => {
    const card = (await findCardByProviderId(db(), { providerAccountId: accountIds.cardopenapi!, providerCardId: "5f1d0c9e8b7a6f5e4d3c2b1a00000002" }))!;
    expect(card.status).toBe("active");
    const finance = await sessionUserFor(db(), "finance@demo.test");
    const since = await lastAuditId();
    await loseNextAnswer();
    const result = await requestCardChange(db(), finance, TEST_META, card.id, { type: "cancel" });
    expect(await findOrder(db(), result.orderId)).toMatchObject({ status: "pending", failureCode: null });
    // The sandbox completes a cancellation 1.5 s after it was asked for.
    const done = await eventually(async () => {
      const order = await followOrder(db(), result.orderId);
      return order?.status === "pending" ? undefined : order;
    }, 10_000, 250);
    expect(done).toMatchObject({ status: "completed" });
    expect((await findCard(db(), card.id))?.status).toBe("cancelled");
    expect((await auditSince(since, card.id)).filter((row) => row.action !== "order.created").map((row) => row.action)).toEqual(["card.cancelled"]);
  });
});
