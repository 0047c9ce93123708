import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { approvalPolicies } from "@/db/schema/requests";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { pausePoint } from "@/test/pause-point";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { updateApprovalPolicy } from "./update-approval-policy";

// A pause point just before a save writes its audit row: its threshold is written, its transaction still open.
const beforeAuditRow = pausePoint();
vi.mock("@/lib/audit/record", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/audit/record")>();
  return {
    ...original,
    record: async (...args: Parameters<typeof original.record>) => {
      await beforeAuditRow.reach();
      return original.record(...args);
    },
  };
});

const database = withTestDatabase();
const db = () => database.db();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

const audits = async (currency: string) =>
  (await db().select().from(auditLog).where(eq(auditLog.action, "approval_policy.updated")).orderBy(asc(auditLog.id)))
    .map((row) => row.summary as { currency: string; threshold: string; previous: string })
    .filter((summary) => summary.currency === currency)
    .map(({ threshold, previous }) => ({ threshold, previous }));

/** Two admins save one threshold at once: the first is held with its write made and not committed. */
async function twoSavesAtOnce(currency: string, first: string, second: string) {
  const admin = await sessionUserFor(db(), "admin@demo.test");
  const { reached, release } = beforeAuditRow.arm();
  const firstSave = updateApprovalPolicy(db(), admin, TEST_META, { kind: "top_up", currency, threshold: first });
  await reached;
  const secondSave = updateApprovalPolicy(db(), admin, TEST_META, { kind: "top_up", currency, threshold: second });
  await pause(300);
  release();
  await Promise.all([firstSave, secondSave]);
}

describe("two admins setting one approval threshold at once", () => {
  it("records, for the save that went second, the threshold the first one wrote as its previous value", async () => {
    await twoSavesAtOnce("USD", "500", "2000");
    const [policy] = await db().select().from(approvalPolicies).where(and(eq(approvalPolicies.kind, "top_up"), eq(approvalPolicies.currency, "USD")));
    expect(policy!.threshold).toBe(200000n);
    // The demo's threshold was 1,000.00 USD.
    expect(await audits("USD")).toEqual([
      { threshold: "50000", previous: "100000" },
      { threshold: "200000", previous: "50000" },
    ]);
  });

  it("does the same when the currency had no threshold yet: only the first save records none", async () => {
    await twoSavesAtOnce("EUR", "300", "700");
    expect(await audits("EUR")).toEqual([
      { threshold: "30000", previous: "none" },
      { threshold: "70000", previous: "30000" },
    ]);
  });
});
