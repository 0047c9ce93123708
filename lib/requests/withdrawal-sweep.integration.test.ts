/**
 * The requests sweep is the backstop for a withdrawal that was lost: a card sync stores a card's change and withdraws
 * its requests in a step after (a failure or a crash between the two loses the withdrawal, and the next sync sees no
 * change), and orders settled before withdrawals were part of their settlement left some behind. Every minute it
 * withdraws, by the same rules, the requests not yet being carried out whose card is closed or no longer needs them,
 * and tells their people once.
 */
import { and, eq, like, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { findCard, updateCard } from "@/db/queries/card-updates";
import { findRequest, listRequestEvents, withdrawableRequestsOnCardsQuery } from "@/db/queries/requests";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { notifications } from "@/db/schema/notifications";
import { cardRequests } from "@/db/schema/requests";
import { applyRemoteCard } from "@/lib/cards/sync-card";
import { sweepRequestsJob } from "@/lib/jobs/execute-request-job";
import { runJob } from "@/lib/jobs/run-job";
import type { CardStatus } from "@/lib/providers/types";
import { insertBulkCards } from "@/test/bulk-cards";
import { prepaidCardInStatus } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemoFailingFast } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { planNodes } from "@/test/query-plan";
import { whileInsertsRefused } from "@/test/refused-inserts";
import { remoteCardOf } from "@/test/remote-card";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { approveRequest } from "./decide-request";
import { approveRequestSchema, createRequestSchema } from "./schemas";
import { WITHDRAWAL_SWEEP_PAGE_SIZE } from "./withdrawal-sweep";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";

beforeAll(async () => {
  // Nothing here may reach a provider: an unreachable sandbox with short timeouts makes any attempt fail fast.
  accountId = await seedOfflineDemoFailingFast(db());
});

beforeEach(() => outsidePolicyWindow(db()));

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

/** A Card OPEN-API card of the employee's, written straight into the table, holding 100.00. */
const employeeCard = async (status: CardStatus) => prepaidCardInStatus(db(), { user: await as("employee"), providerAccountId: accountId, status });

async function file(input: Record<string, unknown>): Promise<string> {
  const { requestId } = await createRequest(db(), await as("employee"), TEST_META, createRequestSchema.parse(input));
  return requestId;
}

const withdrawalNotices = (requestId: string) =>
  db().select().from(notifications).where(and(eq(notifications.kind, "request.withdrawn"), eq(notifications.href, `/requests/${requestId}`)));

/** A card sync reads the card in `status` at the provider while the database refuses the withdrawal's timeline rows. */
async function syncLosingItsWithdrawal(cardId: string, status: CardStatus): Promise<void> {
  const card = (await findCard(db(), cardId))!;
  const remote = remoteCardOf(card, { provider: "cardopenapi", status, providerStatus: status === "active" ? "2" : status === "cancelled" ? "5" : "3" });
  const outcome = await whileInsertsRefused(db(), "card_request_events", "transient refusal", () =>
    applyRemoteCard(db(), card, remote, new Date()).then(
      () => "withdrew",
      () => "failed",
    ),
  );
  expect(outcome).toBe("failed");
  expect(await findCard(db(), cardId)).toMatchObject({ status });
}

describe("the requests sweep withdraws what a lost withdrawal left waiting", () => {
  it("a top-up on a card a sync found closed, whose withdrawal failed, is withdrawn by the next sweep in the worker's name, its requester told once", async () => {
    const cardId = await employeeCard("active");
    const requestId = await file({ kind: "top_up", cardId, amount: "20", purpose: "Taxi" });
    await syncLosingItsWithdrawal(cardId, "cancelled");
    expect(await findRequest(db(), requestId)).toMatchObject({ status: "pending" });

    await runJob(sweepRequestsJob, {}, db());
    await runJob(sweepRequestsJob, {}, db());

    expect(await findRequest(db(), requestId), "the sweep should withdraw the top-up on the closed card").toMatchObject({ status: "cancelled", awaiting: null });
    expect((await listRequestEvents(db(), requestId)).at(-1)).toMatchObject({
      type: "cancelled",
      actorUserId: null,
      comment: "Withdrawn: The card was cancelled, so this request can no longer be carried out.",
    });
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "request.cancelled"), eq(auditLog.targetId, requestId)));
    expect(audit).toMatchObject({ actorUserId: null, actorEmail: expect.stringContaining("requests.sweep"), summary: { reason: "card_closed", wasStatus: "pending" } });
    expect(await withdrawalNotices(requestId)).toHaveLength(1);
  });

  it("an unfreeze request on a card a sync found active, and an approved one, are withdrawn as no longer needed; a top-up on that card stays", async () => {
    const cardId = await employeeCard("frozen");
    const unfreeze = await file({ kind: "unfreeze", cardId, purpose: "Found it" });
    const otherCard = await employeeCard("frozen");
    const approved = await file({ kind: "unfreeze", cardId: otherCard, purpose: "Found it too" });
    await approveRequest(db(), await as("manager"), TEST_META, approveRequestSchema.parse({ requestId: approved, step: (await findRequest(db(), approved))!.currentStep }));
    expect(await findRequest(db(), approved)).toMatchObject({ status: "approved" });
    await syncLosingItsWithdrawal(cardId, "active");
    await syncLosingItsWithdrawal(otherCard, "active");
    const topUp = await file({ kind: "top_up", cardId, amount: "20", purpose: "Taxi" });

    await runJob(sweepRequestsJob, {}, db());

    expect(await findRequest(db(), unfreeze), "the sweep should withdraw the unfreeze request the card no longer needs").toMatchObject({ status: "cancelled" });
    expect((await listRequestEvents(db(), unfreeze)).at(-1)).toMatchObject({ comment: "Withdrawn: The card is already unfrozen, so this request is no longer needed." });
    expect(await findRequest(db(), approved)).toMatchObject({ status: "cancelled" });
    expect(await findRequest(db(), topUp)).toMatchObject({ status: "pending" });
    expect(await withdrawalNotices(unfreeze)).toHaveLength(1);
  });

  it("a card closed by an order settled before its withdrawal was part of the settlement: its waiting request is withdrawn too", async () => {
    const cardId = await employeeCard("active");
    const requestId = await file({ kind: "top_up", cardId, amount: "20", purpose: "Taxi" });
    // What such a settlement left: the card cancelled, its request waiting.
    await updateCard(db(), cardId, { status: "cancelled" });

    await runJob(sweepRequestsJob, {}, db());

    expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled" });
    expect(await withdrawalNotices(requestId)).toHaveLength(1);
  });

  it("reads the requests not yet being carried out through card_requests_one_open_per_card_kind, in its order, among many closed ones", async () => {
    const [template] = await db().select().from(cardRequests).limit(1);
    const { id: _id, ...row } = template!;
    const user = await as("employee");
    // The shape the sweep meets: many cards, more requests waiting than one page holds, and many more long closed.
    // (With one open request among a handful of cards, every plan costs the same and the planner's pick is a coin toss.)
    await insertBulkCards(db(), { organizationId: user.organizationId, providerAccountId: accountId, status: "active", mark: () => ({}) });
    const bulkCards = await db().select({ id: cards.id }).from(cards).where(like(cards.providerCardId, "bulk-%"));
    for (let start = 0; start < bulkCards.length; start += 1000) {
      const batch = bulkCards.slice(start, start + 1000);
      await db().insert(cardRequests).values(batch.map((card) => ({ ...row, cardId: card.id, kind: "top_up" as const, status: "pending" as const })));
    }
    // Requests long closed, on the same cards, as a card's history holds them.
    for (let batch = 0; batch < 10; batch += 1) {
      await db().insert(cardRequests).values(bulkCards.slice(batch * 500, batch * 500 + 500).map((card) => ({ ...row, cardId: card.id, status: "done" as const, awaiting: null })));
    }
    // Vacuumed as well as analysed, so the plan does not hang on whether autovacuum reached these tables yet.
    await db().execute(sql`vacuum analyze card_requests, cards, provider_accounts`);

    // The first page, and the second, after where the first stopped.
    const firstPage = await withdrawableRequestsOnCardsQuery(db(), { after: null, limit: WITHDRAWAL_SWEEP_PAGE_SIZE });
    const lastOfFirst = firstPage.at(-1)!.request;
    for (const after of [null, { cardId: lastOfFirst.cardId!, kind: lastOfFirst.kind }]) {
      const query = withdrawableRequestsOnCardsQuery(db(), { after, limit: WITHDRAWAL_SWEEP_PAGE_SIZE });
      const nodes = planNodes((await db().execute<{ "QUERY PLAN": unknown }>(sql`explain (format json) ${query}`)).rows[0]!["QUERY PLAN"]);
      expect(nodes.some((node) => node["Index Name"] === "card_requests_one_open_per_card_kind")).toBe(true);
      expect(nodes.filter((node) => node["Node Type"] === "Sort")).toEqual([]);
      expect(nodes.filter((node) => node["Node Type"] === "Seq Scan" && node["Relation Name"] === "card_requests")).toEqual([]);
    }
  });
});
