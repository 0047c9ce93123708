import { eq } from "drizzle-orm";
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

const { addApprovalPolicyAction } = await import("./add-approval-policy");
const { updateApprovalPolicyAction } = await import("./update-approval-policy");

const database = withTestDatabase();
const db = () => database.db();

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

const signIn = async (who: string) => (session.user = await sessionUserFor(db(), `${who}@demo.test`));
beforeEach(() => signIn("admin"));

const thresholdsIn = async (currency: string) =>
  (await db().select().from(approvalPolicies).where(eq(approvalPolicies.currency, currency))).map((row) => `${row.kind} ${row.threshold}`).sort();
const auditsIn = async (currency: string) =>
  (await db().select().from(auditLog).where(eq(auditLog.action, "approval_policy.updated"))).filter((row) => (row.summary as { currency?: unknown }).currency === currency);

describe("adding an approval threshold", () => {
  it("adds one for a kind and currency that have none, audited", async () => {
    expect(await addApprovalPolicyAction({ kind: "new_card", currency: "CHF", threshold: "1000" })).toEqual({ ok: true, data: { threshold: "100000" } });
    expect(await thresholdsIn("CHF")).toEqual(["new_card 100000"]);
    expect(await auditsIn("CHF")).toHaveLength(1);
  });

  it("never replaces one in force: refused on the currency field, nothing written", async () => {
    // The demo's own policy: 1,000.00 USD for new cards. Adding 5 USD would have let a manager alone approve them all.
    const before = await thresholdsIn("USD");
    const audits = (await auditsIn("USD")).length;
    expect(await addApprovalPolicyAction({ kind: "new_card", currency: " usd ", threshold: "5" })).toEqual({
      ok: false,
      error: { code: "conflict", message: "Some fields need attention.", fields: { currency: "New card requests in USD already have a threshold ($1,000.00): change it in its row above." } },
    });
    expect(await thresholdsIn("USD")).toEqual(before);
    expect(await auditsIn("USD")).toHaveLength(audits);
    // Its row's Save still changes it.
    expect(await updateApprovalPolicyAction({ kind: "new_card", currency: "USD", threshold: "5" })).toMatchObject({ ok: true });
    expect(await thresholdsIn("USD")).toContain("new_card 500");
  });

  it("refuses anyone but an admin", async () => {
    await signIn("finance");
    expect(await addApprovalPolicyAction({ kind: "top_up", currency: "GBP", threshold: "10" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await thresholdsIn("GBP")).toEqual([]);
  });

  it("reports a bad currency and a bad threshold together, each on its own field", async () => {
    expect(await addApprovalPolicyAction({ kind: "top_up", currency: "UDS", threshold: "1,000" })).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fields: { currency: "Unknown currency code.", threshold: "Leave out the thousands separators: 1000." } },
    });
  });
});
