import { and, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getConnection } from "@/db/client";
import { lockCard, updateCard } from "@/db/queries/card-updates";
import { resolveAuditLabels } from "@/db/queries/audit-labels";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findRequest, insertRequest, sumRecentFundingRequests, updateRequest, type CardRequestRow } from "@/db/queries/requests";
import { auditLog } from "@/db/schema/audit";
import { products } from "@/db/schema/products";
import { cardRequests } from "@/db/schema/requests";
import { describeEvent } from "@/components/audit/describe-event";
import type { Sentence } from "@/components/audit/sentence";
import type { SessionUser } from "@/lib/auth/session-user";
import { recordingDb } from "@/scripts/bench/measure";
import { activeCardOf, shareBalanceCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { cancelRequest } from "./cancel-request";
import { createRequest } from "./create-request";
import { approveRequest, rejectRequest } from "./decide-request";
import { weighWithEarlierFunding } from "./policy";
import { retryRequest } from "./retry-request";
import { routeReason } from "./route-reason";
import { approveRequestSchema, createRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let employee: SessionUser;

beforeAll(async () => {
  // The demo's policy: top-ups and new cards in USD need finance from 1,000.00.
  accountId = await seedOfflineDemo(db());
  await db().insert(products).values({ providerAccountId: accountId, providerProductId: "BIN-SPLIT", name: "BIN for split tests", cardModels: ["prepaid"], currencies: ["USD"] });
  employee = await sessionUserFor(db(), "employee@demo.test");
});

// Every test starts with nobody's requests inside the 30 days.
beforeEach(() => outsidePolicyWindow(db()));

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

/** A top-up on a fresh card of this person (so the one-open-request-per-card rule never interferes). */
async function topUp(amount: string, options: { user?: SessionUser; currency?: string; cardId?: string } = {}): Promise<CardRequestRow> {
  const user = options.user ?? employee;
  const cardId = options.cardId ?? (await activeCardOf(db(), { user, providerAccountId: accountId, currency: options.currency }));
  const input = createRequestSchema.parse({ kind: "top_up", cardId, amount, purpose: "Ads budget for the quarter" });
  const { requestId } = await createRequest(db(), user, TEST_META, input);
  return (await findRequest(db(), requestId))!;
}

/** Carried out: what "filed after the previous one finished" leaves behind. */
const finish = (request: CardRequestRow) => updateRequest(db(), request.id, { status: "done", awaiting: null, currentStep: request.steps.length, completedAt: new Date() });

const reasonOf = (request: CardRequestRow, beneficiaryName = "Eli Employee") =>
  routeReason({ basis: request.policyBasis, policyAmount: request.policyAmount, threshold: request.threshold, currency: request.currency, beneficiaryName });

const textOf = (sentence: Sentence) => sentence.map((part) => (typeof part === "string" ? part : "text" in part ? part.text : "muted" in part ? part.muted : part.provider)).join("");

describe("a top-up is weighed with the same person's recent ones", () => {
  it("sends the second of two top-ups below the threshold to finance too once together they reach it, and says why", async () => {
    const first = await topUp("600");
    expect(first).toMatchObject({ steps: ["team_manager"], policyAmount: 60_000n, threshold: 100_000n, policyBasis: { days: 30, earlier: [] } });
    expect(reasonOf(first)).toBe("No earlier top-ups, new cards or limit increases for Eli Employee in the last 30 days: $600.00 on its own is below the $1,000.00 threshold, so the amount calls for no finance approval.");
    await finish(first);

    const second = await topUp("400");
    expect(second).toMatchObject({
      steps: ["team_manager", "finance"],
      awaiting: "team_manager",
      policyAmount: 100_000n,
      policyBasis: { days: 30, earlier: [{ kind: "top_up", count: 1, amount: "60000" }] },
      requested: { amount: "40000" },
    });
    expect(reasonOf(second)).toBe("With 1 earlier top-up for Eli Employee in the last 30 days this adds up to $1,000.00, at or above the $1,000.00 threshold, so a finance member approves too.");
  });

  it("explains it on the filing's audit row too, in words with the money formatted", async () => {
    for (const amount of ["900", "900"]) await finish(await topUp(amount));
    const third = await topUp("900");
    expect(third).toMatchObject({ steps: ["team_manager", "finance"], policyAmount: 270_000n });

    const [row] = await db().select().from(auditLog).where(and(eq(auditLog.action, "request.created"), eq(auditLog.targetId, third.id)));
    expect(row!.summary).toMatchObject({ amount: "90000", policyAmount: "270000", threshold: "100000", policyBasis: { days: 30, earlier: [{ kind: "top_up", count: 2, amount: "180000" }] } });
    const labels = await resolveAuditLabels(db(), { viewer: employee, rows: [row!] });
    const sentence = textOf(describeEvent(row!, labels));
    const because = "With 2 earlier top-ups for Eli Employee in the last 30 days this adds up to $2,700.00, at or above the $1,000.00 threshold, so a finance member approves too.";
    expect(sentence).toBe(`Eli Employee asked for a top-up of Card of employee@demo.test ($900.00). ${because}`);
    expect(reasonOf(third)).toBe(because);
  });

  it("counts what approvers agreed to, and requests still waiting or under way", async () => {
    const lowered = await topUp("900");
    await approveRequest(db(), await as("manager"), TEST_META, approveRequestSchema.parse({ requestId: lowered.id, step: 0, amount: "100" }));
    expect((await findRequest(db(), lowered.id))?.status).toBe("approved");
    const waiting = await topUp("150");
    expect(waiting).toMatchObject({ steps: ["team_manager"], policyAmount: 25_000n });
    // 100.00 approved + 150.00 waiting + 750.00 = 1,000.00.
    const third = await topUp("750");
    expect(third).toMatchObject({ steps: ["team_manager", "finance"], policyAmount: 100_000n, policyBasis: { earlier: [{ kind: "top_up", count: 2, amount: "25000" }] } });
  });

  it("leaves out earlier top-ups that were rejected, withdrawn or failed", async () => {
    const rejected = await topUp("900");
    await rejectRequest(db(), await as("manager"), TEST_META, { requestId: rejected.id, step: 0, comment: "Use the team card" });
    const cancelled = await topUp("900");
    await cancelRequest(db(), employee, TEST_META, { requestId: cancelled.id });
    const failed = await topUp("900");
    await updateRequest(db(), failed.id, { status: "failed", awaiting: null, failureMessage: "The provider refused it." });

    const next = await topUp("500");
    expect(next).toMatchObject({ steps: ["team_manager"], policyAmount: 50_000n, policyBasis: { days: 30, earlier: [] } });
  });

  it("leaves out a top-up filed more than 30 days ago, and counts one filed 29 days ago", async () => {
    const old = await topUp("900");
    await finish(old);
    await db().update(cardRequests).set({ createdAt: sql`now() - interval '30 days 1 minute'` }).where(eq(cardRequests.id, old.id));
    expect(await topUp("500")).toMatchObject({ steps: ["team_manager"], policyAmount: 50_000n });

    await outsidePolicyWindow(db());
    const recent = await topUp("900");
    await finish(recent);
    await db().update(cardRequests).set({ createdAt: sql`now() - interval '29 days'` }).where(eq(cardRequests.id, recent.id));
    expect(await topUp("500")).toMatchObject({ steps: ["team_manager", "finance"], policyAmount: 140_000n });
  });

  it("leaves out another person's top-ups and top-ups in another currency", async () => {
    await finish(await topUp("900", { user: await as("employee2") }));
    await finish(await topUp("900", { currency: "EUR" }));
    const usd = await topUp("500");
    expect(usd).toMatchObject({ steps: ["team_manager"], policyAmount: 50_000n, policyBasis: { earlier: [] } });
    // The other person's own next top-up does count theirs.
    expect(await topUp("500", { user: await as("employee2") })).toMatchObject({ steps: ["team_manager", "finance"], policyAmount: 140_000n });
  });

  it("adds a new card's first load to top-ups and the other way round", async () => {
    const card = (alias: string, initialAmount: string) =>
      createRequestSchema.parse({ kind: "new_card", purpose: "Trade fair", card: { kind: "cardopenapi", accountId, productId: "BIN-SPLIT", alias, initialAmount, tags: [] } });
    const { requestId: firstCard } = await createRequest(db(), employee, TEST_META, card("Fair card", "700"));
    expect(await findRequest(db(), firstCard)).toMatchObject({ kind: "new_card", steps: ["team_manager"], policyAmount: 70_000n, policyBasis: { earlier: [] } });

    const afterCard = await topUp("300");
    expect(afterCard).toMatchObject({ steps: ["team_manager", "finance"], policyAmount: 100_000n, policyBasis: { earlier: [{ kind: "new_card", count: 1, amount: "70000" }] } });
    const { requestId: secondCard } = await createRequest(db(), employee, TEST_META, card("Second fair card", "10"));
    const second = (await findRequest(db(), secondCard))!;
    expect(second).toMatchObject({ steps: ["team_manager", "finance"], policyAmount: 101_000n });
    expect(reasonOf(second)).toBe(
      "With 1 earlier top-up and 1 new card for Eli Employee in the last 30 days this adds up to $1,010.00, at or above the $1,000.00 threshold, so a finance member approves too.",
    );
  });

  it("counts a new ShareBalance card by its lifetime limit, what it may take from the shared account: three of 900.00 reach finance", async () => {
    const { requestId: firstCard } = await createRequest(
      db(),
      employee,
      TEST_META,
      createRequestSchema.parse({ kind: "new_card", purpose: "Trade fair", card: { kind: "cardopenapi", accountId, productId: "BIN-SPLIT", alias: "Fair card", initialAmount: "10", tags: [] } }),
    );
    // Two ShareBalance cards filed as the request form files them, with a 900.00 lifetime limit each.
    const { id: _id, createdAt: _created, updatedAt: _updated, ...copy } = (await findRequest(db(), firstCard))!;
    await db().update(cardRequests).set({ status: "cancelled" }).where(eq(cardRequests.id, firstCard));
    const shareBalance = { perTransactionLimit: "50000", lifetimeLimit: "90000" };
    await insertRequest(db(), { ...copy, requested: shareBalance, approved: shareBalance, policyAmount: 90_000n });
    await insertRequest(db(), { ...copy, requested: shareBalance, approved: shareBalance, policyAmount: 90_000n });

    const topUpAfter = await topUp("100");
    expect(topUpAfter).toMatchObject({ steps: ["team_manager", "finance"], policyAmount: 190_000n, policyBasis: { earlier: [{ kind: "new_card", count: 2, amount: "180000" }] } });
    const weighed = await weighWithEarlierFunding(db(), { organizationId: employee.organizationId, beneficiaryUserId: employee.id, kind: "new_card", currency: "USD", terms: shareBalance, policyAmount: 90_000n });
    // The third card's own 900.00 with the two before and the top-up: 2,800.00.
    expect(weighed.policyAmount).toBe(280_000n);
  });

  it("weighs an unfreeze alone and does not count it toward a top-up; a limit increase counts by how far it raises the lifetime limit", async () => {
    await finish(await topUp("900"));
    const cardepass = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
    const shareBalanceId = await shareBalanceCardOf(db(), { user: employee, providerAccountId: cardepass, limitLifetime: 20_000n, alias: "Limits" });
    const { requestId: limitsId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "limit_increase", cardId: shareBalanceId, perTransactionLimit: "100", lifetimeLimit: "500", purpose: "Trade fair" }));
    // 200.00 → 500.00 raises what the card may spend by 300.00, added to the 900.00 top-up (limit-increase-split.integration.test.ts).
    expect(await findRequest(db(), limitsId)).toMatchObject({ steps: ["team_manager", "finance"], policyAmount: 120_000n, policyBasis: { earlier: [{ kind: "top_up", count: 1, amount: "90000" }] } });
    const frozen = await activeCardOf(db(), { user: employee, providerAccountId: accountId });
    await updateCard(db(), frozen, { status: "frozen" });
    const { requestId: unfreezeId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "unfreeze", cardId: frozen, purpose: "Trip starts Monday" }));
    expect(await findRequest(db(), unfreezeId)).toMatchObject({ steps: ["team_manager"], policyAmount: 10_000n, policyBasis: null });

    expect(await topUp("50")).toMatchObject({
      steps: ["team_manager", "finance"],
      policyAmount: 125_000n,
      policyBasis: { earlier: [{ kind: "limit_increase", count: 1, amount: "30000" }, { kind: "top_up", count: 1, amount: "90000" }] },
    });
  });
});

describe("parallel filings for one person", () => {
  /** Waits until `count` sessions of this database wait for a lock: the filings lined up behind the test's. */
  async function lockWaiters(count: number): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const result = await db().execute<{ waiting: number }>(sql`select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
      if ((result.rows[0]?.waiting ?? 0) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`never saw ${count} filings waiting`);
  }

  it("adds up two top-ups filed at the same moment on two cards: the second to file goes to finance too", async () => {
    const cards = [await activeCardOf(db(), { user: employee, providerAccountId: accountId }), await activeCardOf(db(), { user: employee, providerAccountId: accountId })];
    let filings: Promise<PromiseSettledResult<CardRequestRow>[]> | undefined;
    // Hold both cards' locks until both filings wait for them, so they reach the adding-up at the same instant.
    await db().transaction(async (tx) => {
      for (const cardId of cards) await lockCard(tx, cardId);
      filings = Promise.allSettled(cards.map((cardId) => topUp("600", { cardId })));
      await lockWaiters(2);
    });
    const results = await filings!;
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled"]);
    const requests = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : [])).sort((a, b) => (a.policyAmount! < b.policyAmount! ? -1 : 1));
    expect(requests[0]).toMatchObject({ steps: ["team_manager"], policyAmount: 60_000n, policyBasis: { earlier: [] } });
    expect(requests[1]).toMatchObject({ steps: ["team_manager", "finance"], policyAmount: 120_000n, policyBasis: { earlier: [{ kind: "top_up", count: 1, amount: "60000" }] } });
  });
});

describe("the query that adds up", () => {
  it("reads a person's window through card_requests_beneficiary_idx, not the whole table", async () => {
    // 30,000 requests over three years across every demo person, so the planner's real choice shows.
    await db().execute(sql`
      insert into card_requests (organization_id, kind, status, steps, requester_user_id, beneficiary_user_id, team_id, currency, threshold, purpose, requested, approved, created_at)
      select ${employee.organizationId}::uuid, 'top_up', 'done', '{team_manager}', u.id, u.id, ${employee.teamIds[0]!}::uuid, 'USD', 100000, 'generated', '{"amount":"100"}', '{"amount":"100"}',
             now() - (n || ' hours')::interval
      from generate_series(1, 30000) as n
      join lateral (select id from users order by id offset (n % (select count(*) from users)) limit 1) as u on true`);
    await db().execute(sql`analyze card_requests`);
    const recorder = recordingDb(getConnection().pool);
    const [statement] = await recorder.record(() => sumRecentFundingRequests(recorder.db, { organizationId: employee.organizationId, beneficiaryUserId: employee.id, currency: "USD", days: 30 }));
    const plan = await getConnection().pool.query<{ "QUERY PLAN": string }>(`explain ${statement!.text}`, statement!.params);
    const text = plan.rows.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text).toContain("card_requests_beneficiary_idx");
    expect(text).not.toMatch(/Seq Scan on card_requests/);
  });
});

describe("a failed request retried later", () => {
  it("is not run again on an approval given for it alone once the person's later top-ups push the sum past the threshold", async () => {
    const failed = await topUp("900");
    await approveRequest(db(), await as("manager"), TEST_META, approveRequestSchema.parse({ requestId: failed.id, step: 0 }));
    await updateRequest(db(), failed.id, { status: "failed", failureMessage: "The card was frozen.", completedAt: new Date() });
    // Left out of the sum while failed, so the next one is weighed alone and needs only the manager.
    const next = await topUp("900");
    expect(next).toMatchObject({ steps: ["team_manager"], policyAmount: 90_000n });
    await finish(next);
    await expect(retryRequest(db(), await as("finance"), TEST_META, { requestId: failed.id })).rejects.toThrow(/add up to \$1,800\.00 in 30 days, at or above the \$1,000\.00 threshold/);
    expect((await findRequest(db(), failed.id))?.status).toBe("failed");
  });

  it("still runs again when the sum stays below the threshold", async () => {
    const failed = await topUp("300");
    await approveRequest(db(), await as("manager"), TEST_META, approveRequestSchema.parse({ requestId: failed.id, step: 0 }));
    await updateRequest(db(), failed.id, { status: "failed", failureMessage: "The card was frozen.", completedAt: new Date() });
    await finish(await topUp("300"));
    expect(await retryRequest(db(), await as("finance"), TEST_META, { requestId: failed.id })).toMatchObject({ status: "approved" });
  });
});
