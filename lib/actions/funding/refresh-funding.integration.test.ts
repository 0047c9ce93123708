import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { fundingBalanceHistory } from "@/db/schema/funding-balances";
import { providerAccounts } from "@/db/schema/provider-accounts";
import type { SessionUser } from "@/lib/auth/session-user";
import { seedDemoActors, type DemoActors } from "@/lib/audit/test-actors";
import { withTestDatabase } from "@/test/database";
import { TEST_META } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { refreshFundingAction } = await import("./refresh-funding");

const database = withTestDatabase();
let actors: DemoActors;

beforeAll(async () => {
  // The demo's provider accounts point at a closed port: a refresh that runs asks them and records the failure.
  actors = await seedDemoActors(database.db());
});

const rowsOf = async (user: SessionUser) =>
  database.db().select().from(auditLog).where(eq(auditLog.actorUserId, user.id)).orderBy(desc(auditLog.id));

describe("refreshing funding balances", () => {
  it("refuses auditors (they read everything and change nothing) and records the denial; nothing is asked or written", async () => {
    session.user = actors.auditor;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      expect(await refreshFundingAction({})).toMatchObject({ ok: false, error: { code: "forbidden" } });
    } finally {
      warn.mockRestore();
    }
    const [denial, ...others] = await rowsOf(actors.auditor);
    expect(others).toEqual([]);
    expect(denial).toMatchObject({ action: "permission.denied", outcome: "denied", organizationId: actors.auditor.organizationId, summary: { permission: "card.fund", reason: "role_not_allowed" } });
    expect(await database.db().select().from(auditLog).where(eq(auditLog.action, "funding.refreshed"))).toEqual([]);
    expect(await database.db().select().from(fundingBalanceHistory)).toEqual([]);
  });

  it("refuses an employee, a manager and an admin without finance (admins may read funding, as products, not act on it)", async () => {
    for (const user of [actors.employee, actors.manager, actors.admin]) {
      session.user = user;
      expect(await refreshFundingAction({})).toMatchObject({ ok: false, error: { code: "forbidden" } });
      const [row] = await rowsOf(user);
      expect(row).toMatchObject({ action: "permission.denied", outcome: "denied" });
    }
  });

  it("lets finance refresh, audited as funding.refreshed", async () => {
    session.user = actors.finance;
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    let result;
    try {
      result = await refreshFundingAction({});
    } finally {
      warn.mockRestore();
    }
    expect(result).toMatchObject({ ok: true, data: { refreshed: 0, failed: expect.any(Array) } });
    if (!result.ok) return;
    expect(result.data.failed.length).toBeGreaterThan(0);
    const [row] = await database
      .db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, actors.finance.id), eq(auditLog.action, "funding.refreshed")));
    expect(row).toMatchObject({ outcome: "success", summary: { refreshed: 0, failed: result.data.failed.length } });
  });

  it("refuses an account that is switched off, of another organisation or unknown, on its own words; no refresh is audited", async () => {
    session.user = actors.finance;
    const [account] = await database.db().select().from(providerAccounts).where(eq(providerAccounts.organizationId, actors.finance.organizationId)).limit(1);
    await database.db().update(providerAccounts).set({ active: false }).where(eq(providerAccounts.id, account!.id));
    const refreshedBefore = (await database.db().select().from(auditLog).where(eq(auditLog.action, "funding.refreshed"))).length;
    try {
      for (const accountId of [account!.id, crypto.randomUUID()]) {
        expect(await refreshFundingAction({ accountId })).toMatchObject({
          ok: false,
          error: { code: "not_found", message: "This provider account is switched off or no longer exists, so its balances were not refreshed." },
        });
      }
    } finally {
      await database.db().update(providerAccounts).set({ active: true }).where(eq(providerAccounts.id, account!.id));
    }
    expect(await database.db().select().from(auditLog).where(eq(auditLog.action, "funding.refreshed"))).toHaveLength(refreshedBefore);
  });
});

