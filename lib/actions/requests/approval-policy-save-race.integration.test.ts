import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { approvalPolicies } from "@/db/schema/requests";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { pausePoint } from "@/test/pause-point";
import { sessionUserFor, TEST_META } from "@/test/session-user";

// Only the session and request metadata are stand-ins (there is no HTTP request); the database is real.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

// A pause point just before a save writes its audit row: its threshold is written, its transaction still open.
const { beforeAuditRow } = vi.hoisted(() => ({ beforeAuditRow: { reach: async () => {} } as { reach: () => Promise<void> } }));
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
const held = pausePoint();
beforeAuditRow.reach = held.reach;

const { addApprovalPolicyAction } = await import("./add-approval-policy");
const { updateApprovalPolicyAction } = await import("./update-approval-policy");

const database = withTestDatabase();
const db = () => database.db();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});
beforeEach(async () => {
  session.user = await sessionUserFor(db(), "admin@demo.test");
});

const thresholdsIn = async (currency: string) =>
  (await db().select().from(approvalPolicies).where(eq(approvalPolicies.currency, currency))).map((row) => `${row.kind} ${row.threshold}`).sort();

/**
 * The first save is held with its threshold written and not committed; the second starts then, so anything it checks
 * before writing still sees the old threshold. Only a check on the row its own write locks sees the first save's.
 */
async function secondSaveWhileFirstIsHeld<T>(first: () => Promise<unknown>, second: () => Promise<T>): Promise<T> {
  const { reached, release } = held.arm();
  const firstSave = first();
  await reached;
  const secondSave = second();
  await pause(300);
  release();
  await firstSave;
  return secondSave;
}

describe("two administrators saving one approval threshold in the same instant", () => {
  it("two adds: the second is refused on its currency field and does not write over the first", async () => {
    const second = await secondSaveWhileFirstIsHeld(
      () => addApprovalPolicyAction({ kind: "top_up", currency: "NOK", threshold: "500" }),
      () => addApprovalPolicyAction({ kind: "top_up", currency: "NOK", threshold: "5" }),
    );
    expect(second).toEqual({
      ok: false,
      error: { code: "conflict", message: "Some fields need attention.", fields: { currency: expect.stringContaining("already have a threshold (NOK\u00a0500.00)") } },
    });
    expect(await thresholdsIn("NOK")).toEqual(["top_up 50000"]);
  });

  it("two row saves from the same page: the second is refused on its threshold field and the first's value stays", async () => {
    // The demo's new-card threshold is 1,000.00 USD; both administrators' pages show it.
    const second = await secondSaveWhileFirstIsHeld(
      () => updateApprovalPolicyAction({ kind: "new_card", currency: "USD", threshold: "2000", expected: "1000.00" }),
      () => updateApprovalPolicyAction({ kind: "new_card", currency: "USD", threshold: "5", expected: "1000.00" }),
    );
    expect(second).toEqual({
      ok: false,
      error: {
        code: "conflict",
        message: "Some fields need attention.",
        fields: { threshold: "Another administrator changed this threshold to $2,000.00 since the page was opened; it now shows theirs. Type yours again to replace it." },
      },
    });
    expect(await thresholdsIn("USD")).toContain("new_card 200000");
  });
});
