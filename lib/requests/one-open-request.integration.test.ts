import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { findRequest, insertRequest, updateRequest } from "@/db/queries/requests";
import { notifications } from "@/db/schema/notifications";
import { cardRequestEvents, cardRequests } from "@/db/schema/requests";
import type { SessionUser } from "@/lib/auth/session-user";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { notifyStepWaiting } from "./request-notices";
import { retryRequest } from "./retry-request";
import { createRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let employee: SessionUser;

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  employee = await sessionUserFor(db(), "employee@demo.test");
});

const MIGRATION = readFileSync(path.join(process.cwd(), "db/migrations/0032_card_request_one_open_per_card_kind.sql"), "utf8");
const ALREADY_OPEN = "There is already an open request of this kind for this card. Cancel it or wait for it to finish.";

const newCard = () => activeCardOf(db(), { user: employee, providerAccountId: accountId });

const fileTopUp = (cardId: string, amount: string) =>
  createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount, purpose: "Ads budget for the quarter" }));

const openOn = (cardId: string) => db().select().from(cardRequests).where(and(eq(cardRequests.cardId, cardId), eq(cardRequests.kind, "top_up"), eq(cardRequests.status, "pending")));

describe("one open request per card and kind", () => {
  it("lets exactly one of three parallel filings through; the others get the conflict", async () => {
    const cardId = await newCard();
    const results = await Promise.allSettled([fileTopUp(cardId, "999.99"), fileTopUp(cardId, "999.99"), fileTopUp(cardId, "999.99")]);

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refusals = results.filter((result): result is PromiseRejectedResult => result.status === "rejected").map((result) => result.reason);
    expect(refusals).toHaveLength(2);
    for (const refusal of refusals) expect(refusal).toMatchObject({ code: "conflict", message: ALREADY_OPEN });
    expect(await openOn(cardId)).toHaveLength(1);
  });

  it("is kept by the database too: a second open request of the kind cannot be written", async () => {
    const cardId = await newCard();
    const { requestId } = await fileTopUp(cardId, "10");
    const { id: _id, createdAt: _created, updatedAt: _updated, ...copy } = (await findRequest(db(), requestId))!;
    await expect(insertRequest(db(), { ...copy, status: "approved" })).rejects.toMatchObject({ cause: { code: "23505", constraint: "card_requests_one_open_per_card_kind" } });
    // A closed request does not count.
    await updateRequest(db(), requestId, { status: "failed" });
    expect((await fileTopUp(cardId, "11")).requestId).toEqual(expect.any(String));
  });

  it("refuses to retry a failed request while a newer one of its kind is open for the card, and changes nothing", async () => {
    const cardId = await newCard();
    const { requestId: failed } = await fileTopUp(cardId, "20");
    await updateRequest(db(), failed, { status: "failed", awaiting: null, failureMessage: "The provider refused it." });
    const { requestId: newer } = await fileTopUp(cardId, "21");

    await expect(retryRequest(db(), await sessionUserFor(db(), "finance@demo.test"), TEST_META, { requestId: failed })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/newer request/),
    });
    expect(await findRequest(db(), failed)).toMatchObject({ status: "failed", executionAttempt: 1 });
    expect(await findRequest(db(), newer)).toMatchObject({ status: "pending" });
  });
});

describe("migration 0032: duplicates filed before the index existed", () => {
  it("keeps the one furthest along per card and kind, withdraws the others with a timeline event, then builds the index", async () => {
    await db().execute(sql`drop index "card_requests_one_open_per_card_kind"`);
    const cardId = await newCard();
    const { requestId: oldest } = await fileTopUp(cardId, "30");
    const { id: _id, createdAt: _created, updatedAt: _updated, ...copy } = (await findRequest(db(), oldest))!;
    const approved = await insertRequest(db(), { ...copy, status: "approved", awaiting: null, currentStep: 1, nextCheckAt: new Date() });
    const newest = await insertRequest(db(), copy);
    await notifyStepWaiting(db(), newest);
    const { requestId: alone } = await fileTopUp(await newCard(), "31");

    await db().execute(sql.raw(MIGRATION));

    const statuses = await db().select({ id: cardRequests.id, status: cardRequests.status, awaiting: cardRequests.awaiting }).from(cardRequests).where(inArray(cardRequests.id, [oldest, approved.id, newest.id, alone]));
    expect(new Map(statuses.map((row) => [row.id, [row.status, row.awaiting]]))).toEqual(
      new Map([
        [oldest, ["cancelled", null]],
        [approved.id, ["approved", null]],
        [newest.id, ["cancelled", null]],
        [alone, ["pending", "team_manager"]],
      ]),
    );
    const withdrawals = await db().select().from(cardRequestEvents).where(and(inArray(cardRequestEvents.requestId, [oldest, newest.id]), eq(cardRequestEvents.type, "cancelled")));
    expect(withdrawals.map((event) => event.comment)).toEqual([expect.stringMatching(/same moment/), expect.stringMatching(/same moment/)]);
    const notices = await db().select({ href: notifications.href, readAt: notifications.readAt }).from(notifications).where(eq(notifications.kind, "request.needs_you"));
    const read = (requestId: string) => notices.filter((notice) => notice.href === `/requests/${requestId}`).map((notice) => notice.readAt !== null);
    expect(read(newest.id)).toEqual([true]);
    expect(read(alone)).toEqual([false]);
    await expect(insertRequest(db(), copy)).rejects.toMatchObject({ cause: { code: "23505", constraint: "card_requests_one_open_per_card_kind" } });
  });
});
