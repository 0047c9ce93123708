import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findRequest, updateRequest, type CardRequestRow } from "@/db/queries/requests";
import { auditLog } from "@/db/schema/audit";
import type { SessionUser } from "@/lib/auth/session-user";
import { activeCardOf, shareBalanceCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { approveRequest } from "./decide-request";
import { retryRequest } from "./retry-request";
import { routeReason } from "./route-reason";
import { approveRequestSchema, createRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let prepaidAccountId = "";
let cardepassAccountId = "";
let employee: SessionUser;

beforeAll(async () => {
  // The demo's policy: every kind of request in USD needs finance from 1,000.00.
  prepaidAccountId = await seedOfflineDemo(db());
  cardepassAccountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
  employee = await sessionUserFor(db(), "employee@demo.test");
});

// Every test starts with nobody's requests inside the 30 days.
beforeEach(() => outsidePolicyWindow(db()));

/** A live ShareBalance card of the employee with these limits (minor units; null lifetime = unlimited). */
const shareBalanceCard = (limitLifetime: bigint | null, limitPerTransaction = 5_000n) =>
  shareBalanceCardOf(db(), { user: employee, providerAccountId: cardepassAccountId, limitLifetime, limitPerTransaction });

async function limitIncrease(cardId: string, perTransactionLimit: string, lifetimeLimit: string): Promise<CardRequestRow> {
  const input = createRequestSchema.parse({ kind: "limit_increase", cardId, perTransactionLimit, lifetimeLimit, purpose: "Ads budget for the quarter" });
  const { requestId } = await createRequest(db(), employee, TEST_META, input);
  return (await findRequest(db(), requestId))!;
}

async function topUp(amount: string): Promise<CardRequestRow> {
  const cardId = await activeCardOf(db(), { user: employee, providerAccountId: prepaidAccountId });
  const { requestId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount, purpose: "Ads budget for the quarter" }));
  return (await findRequest(db(), requestId))!;
}

const finish = (request: CardRequestRow) => updateRequest(db(), request.id, { status: "done", awaiting: null, currentStep: request.steps.length, completedAt: new Date() });

const reasonOf = (request: CardRequestRow) =>
  routeReason({ basis: request.policyBasis, policyAmount: request.policyAmount, threshold: request.threshold, currency: request.currency, beneficiaryName: "Eli Employee" });

describe("a ShareBalance lifetime-limit increase is weighed with the same person's recent requests", () => {
  it("sends the third of three increases of 400.00 on three cards to finance: together they raise 1,200.00", async () => {
    // Each card may spend 100.00 in its life; each request raises that to 500.00, i.e. by 400.00.
    const first = await limitIncrease(await shareBalanceCard(10_000n), "50", "500");
    expect(first).toMatchObject({ steps: ["team_manager"], policyAmount: 40_000n, threshold: 100_000n, policyBasis: { days: 30, earlier: [] }, details: { lifetimeLimitBefore: "10000" } });
    await finish(first);
    const second = await limitIncrease(await shareBalanceCard(10_000n), "50", "500");
    expect(second).toMatchObject({ steps: ["team_manager"], policyAmount: 80_000n, policyBasis: { earlier: [{ kind: "limit_increase", count: 1, amount: "40000" }] } });
    const third = await limitIncrease(await shareBalanceCard(10_000n), "50", "500");
    expect(third).toMatchObject({
      steps: ["team_manager", "finance"],
      awaiting: "team_manager",
      policyAmount: 120_000n,
      policyBasis: { days: 30, earlier: [{ kind: "limit_increase", count: 2, amount: "80000" }] },
      requested: { perTransactionLimit: "5000", lifetimeLimit: "50000" },
    });
    const because = "With 2 earlier limit increases for Eli Employee in the last 30 days this adds up to $1,200.00, at or above the $1,000.00 threshold, so a finance member approves too.";
    expect(reasonOf(third)).toBe(because);

    const [row] = await db().select().from(auditLog).where(and(eq(auditLog.action, "request.created"), eq(auditLog.targetId, third.id)));
    expect(row!.summary).toMatchObject({ lifetimeLimit: "50000", policyAmount: "120000", policyBasis: { days: 30, earlier: [{ kind: "limit_increase", count: 2, amount: "80000" }] } });
  });

  it("adds limit increases to top-ups and the other way round", async () => {
    await finish(await topUp("700"));
    const increase = await limitIncrease(await shareBalanceCard(20_000n), "50", "500");
    // 700.00 topped up + 300.00 more the card may spend.
    expect(increase).toMatchObject({ steps: ["team_manager", "finance"], policyAmount: 100_000n, policyBasis: { earlier: [{ kind: "top_up", count: 1, amount: "70000" }] } });
    const after = await topUp("50");
    expect(after).toMatchObject({
      steps: ["team_manager", "finance"],
      policyAmount: 105_000n,
      policyBasis: { earlier: [{ kind: "limit_increase", count: 1, amount: "30000" }, { kind: "top_up", count: 1, amount: "70000" }] },
    });
    expect(reasonOf(after)).toBe(
      "With 1 earlier top-up and 1 limit increase for Eli Employee in the last 30 days this adds up to $1,050.00, at or above the $1,000.00 threshold, so a finance member approves too.",
    );
  });

  it("counts an earlier increase as approved: lowered by its approver, it adds less", async () => {
    const lowered = await limitIncrease(await shareBalanceCard(10_000n), "50", "900");
    expect(lowered).toMatchObject({ steps: ["team_manager"], policyAmount: 80_000n });
    await approveRequest(db(), await sessionUserFor(db(), "manager@demo.test"), TEST_META, approveRequestSchema.parse({ requestId: lowered.id, step: 0, lifetimeLimit: "300" }));
    // 200.00 approved (100.00 → 300.00) + 700.00 asked now = 900.00.
    const next = await limitIncrease(await shareBalanceCard(10_000n), "50", "800");
    expect(next).toMatchObject({ steps: ["team_manager"], policyAmount: 90_000n, policyBasis: { earlier: [{ kind: "limit_increase", count: 1, amount: "20000" }] } });
  });

  it("weighs a raise of the per-transaction limit alone as adding nothing, and a limit set on an unlimited card alone as before", async () => {
    await finish(await topUp("900"));
    const perTransactionOnly = await limitIncrease(await shareBalanceCard(50_000n), "100", "500");
    expect(perTransactionOnly).toMatchObject({ steps: ["team_manager"], policyAmount: 90_000n, policyBasis: { earlier: [{ kind: "top_up", count: 1, amount: "90000" }] } });
    // An unlimited card given a lifetime limit can spend less than before: weighed on its own, by the new limit.
    const capped = await limitIncrease(await shareBalanceCard(null), "100", "500");
    expect(capped).toMatchObject({ steps: ["team_manager"], policyAmount: 50_000n, policyBasis: null, details: {} });
    expect(await topUp("50")).toMatchObject({
      steps: ["team_manager"],
      policyAmount: 95_000n,
      policyBasis: { earlier: [{ kind: "limit_increase", count: 1, amount: "0" }, { kind: "top_up", count: 1, amount: "90000" }] },
    });
  });

  it("refuses to run a failed increase again once later requests push the sum past the threshold it was approved under", async () => {
    const failed = await limitIncrease(await shareBalanceCard(10_000n), "50", "700");
    await approveRequest(db(), await sessionUserFor(db(), "manager@demo.test"), TEST_META, approveRequestSchema.parse({ requestId: failed.id, step: 0 }));
    await updateRequest(db(), failed.id, { status: "failed", failureMessage: "The card was frozen.", completedAt: new Date() });
    await finish(await limitIncrease(await shareBalanceCard(10_000n), "50", "700"));
    await expect(retryRequest(db(), await sessionUserFor(db(), "finance@demo.test"), TEST_META, { requestId: failed.id })).rejects.toThrow(
      /add up to \$1,200\.00 in 30 days, at or above the \$1,000\.00 threshold/,
    );
  });
});
