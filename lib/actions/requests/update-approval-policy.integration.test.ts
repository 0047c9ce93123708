import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { approvalPolicies } from "@/db/schema/requests";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";

// Only the session and request metadata are stand-ins (there is no HTTP request); the database is real.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { updateApprovalPolicyAction } = await import("./update-approval-policy");

const database = withTestDatabase();
const db = () => database.db();

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});
beforeEach(async () => {
  session.user = await sessionUserFor(db(), "admin@demo.test");
});

const topUpIn = async (currency: string) =>
  (await db().select().from(approvalPolicies).where(and(eq(approvalPolicies.kind, "top_up"), eq(approvalPolicies.currency, currency)))).map((row) => row.threshold);
const audits = async () => (await db().select().from(auditLog).where(eq(auditLog.action, "approval_policy.updated"))).length;

describe("changing a threshold on its row", () => {
  it("changes it when it still is what the row showed", async () => {
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "NOK", threshold: "100" })).toMatchObject({ ok: true });
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "NOK", threshold: "250", expected: "100.00" })).toEqual({ ok: true, data: { threshold: "25000" } });
    expect(await topUpIn("NOK")).toEqual([25000n]);
  });

  it("never writes over another administrator's change made since the page was read, nor brings back a removed one", async () => {
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "DKK", threshold: "100" })).toMatchObject({ ok: true });
    // Meanwhile someone else raised it to 2,000.
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "DKK", threshold: "2000" })).toMatchObject({ ok: true });
    const before = await audits();
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "DKK", threshold: "50", expected: "100.00" })).toEqual({
      ok: false,
      error: {
        code: "conflict",
        message: "Some fields need attention.",
        fields: { threshold: "Another administrator changed this threshold to DKK\u00a02,000.00 since the page was opened; it now shows theirs. Type yours again to replace it." },
      },
    });
    expect(await topUpIn("DKK")).toEqual([200000n]);
    expect(await audits()).toBe(before);

    await db().delete(approvalPolicies).where(eq(approvalPolicies.currency, "DKK"));
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "DKK", threshold: "50", expected: "2000.00" })).toMatchObject({
      ok: false,
      error: { code: "conflict", fields: { threshold: expect.stringMatching(/^Another administrator removed this threshold/) } },
    });
    expect(await topUpIn("DKK")).toEqual([]);
  });
});
