import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { listAuditEvents } from "@/db/queries/audit";
import { startOfWindow } from "@/db/queries/overview-spend";
import { writeStoredSettings } from "@/db/queries/settings";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { userInvitations } from "@/db/schema/user-credentials";
import { users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import { parseAuditSearch } from "@/lib/audit/filters";
import { record } from "@/lib/audit/record";
import { visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor } from "@/test/session-user";
import { loadAdminOverview } from "./load-admin-overview";

const database = withTestDatabase();
const db = () => database.db();
const DAY = 24 * 60 * 60 * 1000;
let admin: SessionUser;
let finance: SessionUser;
let otherOrganization: string;

const failedSignIn = (organizationId: string | null, email: string) =>
  record(db(), { organizationId, actorUserId: null, actorEmail: email, actorRoles: [], ip: "203.0.113.9", userAgent: "vitest" }, {
    action: "auth.sign_in_failed",
    outcome: "denied",
    summary: { reason: "wrong_password" },
  });

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:1" });
  admin = await sessionUserFor(db(), "admin@demo.test");
  finance = await sessionUserFor(db(), "finance@demo.test");
  const [other] = await db().insert(organizations).values({ name: "Other Company" }).returning();
  otherOrganization = other!.id;
});

describe("the administrator's overview", () => {
  it("is only an administrator's", async () => {
    expect(await loadAdminOverview(db(), finance, new Date())).toBeNull();
  });

  it("shows each provider account's sync health and nothing of its credentials", async () => {
    const accounts = await db().select().from(providerAccounts).where(eq(providerAccounts.organizationId, admin.organizationId));
    const [failing, recovered, disabled] = [...accounts].sort((a, b) => a.label.localeCompare(b.label));
    const at = (iso: string) => new Date(iso);
    await db().update(providerAccounts).set({ lastSyncedAt: at("2026-11-30T10:00:00Z"), lastErrorAt: at("2026-11-30T11:00:00Z"), lastError: "Connection refused" }).where(eq(providerAccounts.id, failing!.id));
    await db().update(providerAccounts).set({ lastSyncedAt: at("2026-11-30T12:00:00Z"), lastErrorAt: at("2026-11-30T11:00:00Z"), lastError: "Timed out" }).where(eq(providerAccounts.id, recovered!.id));
    await db().update(providerAccounts).set({ active: false }).where(eq(providerAccounts.id, disabled!.id));

    const overview = (await loadAdminOverview(db(), admin, new Date()))!;
    expect(overview.accounts.map((account) => account.label)).toEqual([failing!.label, recovered!.label, disabled!.label]);
    expect(overview.accounts[0]).toEqual({
      id: failing!.id,
      provider: failing!.provider,
      label: failing!.label,
      active: true,
      lastSyncedAt: at("2026-11-30T10:00:00Z"),
      lastErrorAt: at("2026-11-30T11:00:00Z"),
      lastError: "Connection refused",
    });
    expect(overview.accounts[2]!.active).toBe(false);
  });

  it("counts active and deactivated people, open and expired sign-in links, and missing two-factor", async () => {
    const now = new Date();
    const person = async (email: string) => (await sessionUserFor(db(), email)).id;
    const [employee, employee2, manager, manager2, finance2] = await Promise.all(["employee", "employee2", "manager", "manager2", "finance2"].map((local) => person(`${local}@demo.test`)));
    const link = (userId: string, values: { createdAt: Date; expiresAt: Date; usedAt?: Date; revokedAt?: Date }) =>
      db().insert(userInvitations).values({ userId, tokenHash: `hash-${Math.random()}`, purpose: "invite", ...values });
    // Open: waiting for the person to set a password.
    await link(employee!, { createdAt: new Date(now.getTime() - DAY), expiresAt: new Date(now.getTime() + DAY) });
    // Expired unused: needs a new link.
    await link(employee2!, { createdAt: new Date(now.getTime() - 9 * DAY), expiresAt: new Date(now.getTime() - 2 * DAY) });
    // An expired link followed by one that was used: nothing to do.
    await link(manager!, { createdAt: new Date(now.getTime() - 9 * DAY), expiresAt: new Date(now.getTime() - 2 * DAY) });
    await link(manager!, { createdAt: new Date(now.getTime() - DAY), expiresAt: new Date(now.getTime() + DAY), usedAt: now });
    // Revoked, then expired: an administrator withdrew it, so it is not waiting on anyone.
    await link(manager2!, { createdAt: new Date(now.getTime() - 9 * DAY), expiresAt: new Date(now.getTime() - 2 * DAY), revokedAt: new Date(now.getTime() - 8 * DAY) });
    await writeStoredSettings(db(), { organizationId: admin.organizationId, values: { twoFactorRequiredRoles: ["finance"] }, userId: admin.id });
    await db().update(users).set({ totpSecretEncrypted: "encrypted-secret" }).where(eq(users.id, finance2!));
    await db().update(users).set({ active: false }).where(eq(users.email, "auditor@demo.test"));

    const overview = (await loadAdminOverview(db(), admin, now))!;
    expect(overview.people).toEqual({ active: 7, deactivated: 1, linkOpen: 1, linkExpired: 1, missingTwoFactor: 1 });
    expect(overview.twoFactorRoles).toEqual(["finance"]);
    // A deactivated person's open link is not waiting on anyone.
    await db().update(users).set({ active: false }).where(eq(users.id, employee!));
    expect((await loadAdminOverview(db(), admin, now))!.people).toMatchObject({ active: 6, deactivated: 2, linkOpen: 0 });
  });

  it("counts the organisation's failed sign-ins of the last seven days, newest first, with their names resolved", async () => {
    await failedSignIn(admin.organizationId, "finance@demo.test");
    await failedSignIn(admin.organizationId, "employee2@demo.test");
    await failedSignIn(otherOrganization, "someone@other.test");
    await failedSignIn(null, "nobody@nowhere.test");
    const overview = (await loadAdminOverview(db(), admin, new Date()))!;
    expect(overview.signInFailures.count).toBe(2);
    expect(overview.signInFailures.recent.map((row) => row.actorEmail)).toEqual(["employee2@demo.test", "finance@demo.test"]);
    const eightDaysOn = (await loadAdminOverview(db(), admin, new Date(Date.now() + 8 * DAY)))!;
    expect(eightDaysOn.signInFailures).toEqual({ count: 0, recent: [] });
  });

  it("counts from the day its link opens the audit log at, so a failed sign-in that first morning is in the count and the list", async () => {
    const now = new Date("2026-11-15T12:00:00Z");
    const before = (await loadAdminOverview(db(), admin, now))!;
    // As the panel links: /audit?action=auth.sign_in_failed&from=<since's UTC day>
    const query = `action=auth.sign_in_failed&from=${before.since.toISOString().slice(0, 10)}`;
    const firstMorning = new Date(`${before.since.toISOString().slice(0, 10)}T09:00:00Z`);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(firstMorning);
    try {
      await failedSignIn(admin.organizationId, "manager@demo.test");
    } finally {
      vi.useRealTimers();
    }
    const after = (await loadAdminOverview(db(), admin, now))!;
    expect(after.signInFailures.count).toBe(before.signInFailures.count + 1);
    expect(after.since).toEqual(startOfWindow(now, 7));
    const search = parseAuditSearch(new URLSearchParams(query));
    expect(search.ignored).toEqual([]);
    const listed = await listAuditEvents(db(), { organizationId: admin.organizationId, visibility: visibilityFor(admin, "audit.view")!, filters: search.filters, limit: 100 });
    expect(listed.rows.map((row) => row.occurredAt)).toContainEqual(firstMorning);
  });
});
