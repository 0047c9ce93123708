import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { approvalPolicies } from "@/db/schema/requests";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { thresholdFor } from "./policy";
import { approvalPolicySchema } from "./schemas";
import { updateApprovalPolicy } from "./update-approval-policy";

// Only the session and request metadata are stand-ins (there is no HTTP request); the database is real.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { updateApprovalPolicyAction } = await import("@/lib/actions/requests/update-approval-policy");
const { removeApprovalPolicyAction } = await import("@/lib/actions/requests/remove-approval-policy");

const database = withTestDatabase();
const db = () => database.db();

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

const signIn = async (who: string) => (session.user = await sessionUserFor(db(), `${who}@demo.test`));
beforeEach(() => signIn("admin"));

const policiesIn = (currency: string) => db().select().from(approvalPolicies).where(eq(approvalPolicies.currency, currency));
const policyAudits = async (currency: string) =>
  (await db().select().from(auditLog).where(eq(auditLog.action, "approval_policy.updated"))).filter((row) => (row.summary as { currency?: unknown }).currency === currency);

describe("approval policy currency", () => {
  it.each(["ABC", "UDS", "abc", " xyz "])("refuses the unknown code %j on the currency field and writes nothing", async (currency) => {
    const result = await updateApprovalPolicyAction({ kind: "top_up", currency, threshold: "100" });
    expect(result).toEqual({ ok: false, error: { code: "invalid_input", message: "Some fields need attention.", fields: { currency: "Unknown currency code." } } });
    const code = currency.trim().toUpperCase();
    expect(await policiesIn(code)).toHaveLength(0);
    expect(await policiesIn(currency)).toHaveLength(0);
    expect(await policyAudits(code)).toHaveLength(0);
    expect(await policyAudits(currency)).toHaveLength(0);
  });

  it("refuses an unknown code even when the function is called without the schema", async () => {
    const admin = await sessionUserFor(db(), "admin@demo.test");
    await expect(updateApprovalPolicy(db(), admin, TEST_META, { kind: "top_up", currency: "ABC", threshold: "100" })).rejects.toMatchObject({
      code: "invalid_input",
      fields: { currency: "Unknown currency code." },
    });
    expect(await policiesIn("ABC")).toHaveLength(0);
    expect(await policyAudits("ABC")).toHaveLength(0);
  });

  it("reports a bad currency and a bad threshold together, each on its own field", async () => {
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "ABC", threshold: "ten" })).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fields: { currency: "Unknown currency code.", threshold: expect.stringMatching(/amount such as/) } },
    });
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "U1", threshold: "-5" })).toMatchObject({
      ok: false,
      error: { fields: { currency: expect.stringMatching(/three-letter/), threshold: expect.stringMatching(/amount such as/) } },
    });
    // The same schema drives the form's instant feedback.
    const parsed = approvalPolicySchema.safeParse({ kind: "top_up", currency: "UDS", threshold: "1,000" });
    expect(parsed.success).toBe(false);
    expect(new Set(parsed.error?.issues.map((issue) => issue.path.join(".")))).toEqual(new Set(["currency", "threshold"]));
    expect(await policiesIn("ABC")).toHaveLength(0);
    expect(await policiesIn("UDS")).toHaveLength(0);
  });

  it("accepts a lower-case real code as its upper-case form", async () => {
    expect(await updateApprovalPolicyAction({ kind: "new_card", currency: " usd ", threshold: "250.5" })).toEqual({ ok: true, data: { threshold: "25050" } });
    const [row] = await db()
      .select()
      .from(approvalPolicies)
      .where(and(eq(approvalPolicies.kind, "new_card"), eq(approvalPolicies.currency, "USD")));
    expect(row?.threshold).toBe(25050n);
    expect(await policiesIn("usd")).toHaveLength(0);
    expect((await policyAudits("USD")).some((audit) => (audit.summary as { kind?: string }).kind === "new_card")).toBe(true);
  });

  it("accepts real codes in their own minor units: EUR with 2 decimals, JPY with none", async () => {
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "EUR", threshold: "1000.50" })).toEqual({ ok: true, data: { threshold: "100050" } });
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "JPY", threshold: "5000" })).toEqual({ ok: true, data: { threshold: "5000" } });
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "JPY", threshold: "10.5" })).toMatchObject({ ok: false, error: { fields: { threshold: "JPY amounts have no decimals." } } });
    expect((await policiesIn("EUR")).map((row) => row.threshold)).toEqual([100050n]);
    expect((await policiesIn("JPY")).map((row) => row.threshold)).toEqual([5000n]);
    expect(await policyAudits("EUR")).toHaveLength(1);
    expect(await policyAudits("JPY")).toHaveLength(1);
  });

  it("still refuses anyone but an admin, before looking at the currency", async () => {
    await signIn("finance");
    expect(await updateApprovalPolicyAction({ kind: "top_up", currency: "GBP", threshold: "10" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await policiesIn("GBP")).toHaveLength(0);
  });
});

describe("removing a threshold", () => {
  const removals = async () => db().select().from(auditLog).where(eq(auditLog.action, "approval_policy.removed"));

  it("an admin removes one: its requests then all need finance, and the removal is audited with what it was", async () => {
    const admin = await sessionUserFor(db(), "admin@demo.test");
    expect(await updateApprovalPolicyAction({ kind: "limit_increase", currency: "EUR", threshold: "750" })).toMatchObject({ ok: true });
    expect(await thresholdFor(db(), { organizationId: admin.organizationId, kind: "limit_increase", currency: "EUR" })).toBe(75000n);

    expect(await removeApprovalPolicyAction({ kind: "limit_increase", currency: " eur " })).toEqual({ ok: true, data: { removed: true } });
    expect(await db().select().from(approvalPolicies).where(and(eq(approvalPolicies.kind, "limit_increase"), eq(approvalPolicies.currency, "EUR")))).toHaveLength(0);
    expect(await thresholdFor(db(), { organizationId: admin.organizationId, kind: "limit_increase", currency: "EUR" })).toBe(0n);
    const [audit] = await removals();
    expect(audit).toMatchObject({ actorEmail: "admin@demo.test", targetType: "approval_policy", summary: { kind: "limit_increase", currency: "EUR", previous: "75000" } });

    // Removing it again finds nothing and records nothing.
    expect(await removeApprovalPolicyAction({ kind: "limit_increase", currency: "EUR" })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await removals()).toHaveLength(1);
  });

  it("only an admin may remove one: finance is refused and the threshold stays", async () => {
    expect(await updateApprovalPolicyAction({ kind: "unfreeze", currency: "GBP", threshold: "10" })).toMatchObject({ ok: true });
    await signIn("finance");
    expect(await removeApprovalPolicyAction({ kind: "unfreeze", currency: "GBP" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await policiesIn("GBP")).toHaveLength(1);
    expect((await removals()).filter((row) => (row.summary as { currency?: unknown }).currency === "GBP")).toHaveLength(0);
  });
});
