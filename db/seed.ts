import { userInfo } from "node:os";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts, type ProviderName } from "@/db/schema/provider-accounts";
import { organizationSettings } from "@/db/schema/settings";
import { approvalPolicies, REQUEST_KINDS } from "@/db/schema/requests";
import { teamMemberships, teams } from "@/db/schema/teams";
import { userRoles, users, type Role } from "@/db/schema/users";
import { record } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { decryptJson, encryptJson } from "@/lib/crypto";
import { newWebhookSecret, storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";

export const DEMO_PASSWORD = "demo-password";
export const DEMO_ORGANIZATION = "Demo Company";

type DemoUser = { email: string; name: string; roles: Role[]; team?: "Operations" | "Marketing"; manages?: boolean };

export const DEMO_USERS: readonly DemoUser[] = [
  { email: "admin@demo.test", name: "Ada Admin", roles: ["admin"] },
  { email: "finance@demo.test", name: "Fiona Finance", roles: ["finance"] },
  // A second finance member, so a finance member's own request and two-step finance routes have someone to go to.
  { email: "finance2@demo.test", name: "Felix Finance", roles: ["finance"] },
  { email: "manager@demo.test", name: "Omar Operations", roles: ["manager"], team: "Operations", manages: true },
  { email: "manager2@demo.test", name: "Mia Marketing", roles: ["manager"], team: "Marketing", manages: true },
  { email: "auditor@demo.test", name: "Aude Auditor", roles: ["auditor"] },
  { email: "employee@demo.test", name: "Eli Employee", roles: ["employee"], team: "Operations" },
  { email: "employee2@demo.test", name: "Emma Employee", roles: ["employee"], team: "Marketing" },
];

function demoProviderAccounts(sandboxUrl: string): { provider: ProviderName; label: string; baseUrl: string; credentials: unknown; settings: Record<string, unknown> }[] {
  return [
    {
      provider: "cardepass",
      label: "Cardepass sandbox",
      baseUrl: `${sandboxUrl}/cardepass/openapi`,
      credentials: { clientId: "sandbox-client", clientSecret: "sandbox-secret" },
      settings: {},
    },
    {
      provider: "nobepay",
      label: "NobePay sandbox",
      baseUrl: `${sandboxUrl}/nobepay`,
      credentials: { appKey: "sandbox-key", appSecret: "sandbox-secret" },
      settings: {},
    },
    {
      provider: "cardopenapi",
      label: "Card OPEN-API sandbox",
      baseUrl: `${sandboxUrl}/cardopenapi`,
      credentials: { customerId: 10000011, appId: 100001, key: "sandbox-key" },
      settings: { timeZone: "UTC", apiVersion: "v1" },
    },
  ];
}

/** The path under the sandbox's URL each demo account talks to, and the credential that names the sandbox's account. */
const DEMO_SANDBOX_ACCOUNTS: Record<ProviderName, { path: string; identity: [field: string, value: unknown] }> = {
  cardepass: { path: "/cardepass/openapi", identity: ["clientId", "sandbox-client"] },
  nobepay: { path: "/nobepay", identity: ["appKey", "sandbox-key"] },
  cardopenapi: { path: "/cardopenapi", identity: ["customerId", 10000011] },
};

/** The form of a demo account's base URL: the local sandbox on some port, then the provider's path. */
const LOCAL_SANDBOX_URL = /^http:\/\/127\.0\.0\.1:(\d{1,5})(\/.*)$/;

export type RepointedDemoAccount = { id: string; label: string; from: string; to: string };

/**
 * Development only. The demo seed points its accounts at the sandbox of the run that seeded; a later run whose sandbox
 * listens on another port (SANDBOX_PORT, or a seed written by a run that then failed to start) would otherwise sync
 * from and issue on whatever listens on the old port, another checkout's sandbox say. The world behind the demo
 * accounts is this data directory's sandbox state, whatever its port, so they are pointed at this run's sandbox.
 *
 * SECURITY: only an account that is unmistakably a demo sandbox account moves: its base URL is
 * http://127.0.0.1:<port>/<that provider's sandbox path> and its identity credential is the sandbox's demo one.
 * Anything else (an operator's account, a tunnel to a real provider) is never touched. Each move is audited.
 */
export async function repointDemoAccounts(db: Db, options: { sandboxUrl: string }): Promise<{ repointed: RepointedDemoAccount[]; skipped: string[] }> {
  if (process.env.NODE_ENV === "production") throw new Error("The demo accounts are never re-pointed in production mode.");
  const sandboxUrl = options.sandboxUrl.replace(/\/+$/, "");
  if (!LOCAL_SANDBOX_URL.test(`${sandboxUrl}/`)) throw new Error(`${sandboxUrl} is not a local sandbox URL (http://127.0.0.1:<port>).`);
  const repointed: RepointedDemoAccount[] = [];
  const skipped: string[] = [];
  const rows = await db.select().from(providerAccounts);
  for (const row of rows) {
    const demo = DEMO_SANDBOX_ACCOUNTS[row.provider];
    const match = LOCAL_SANDBOX_URL.exec(row.baseUrl);
    if (!demo || !match || match[2] !== demo.path) continue;
    const to = `${sandboxUrl}${demo.path}`;
    if (row.baseUrl === to) continue;
    let credentials: Record<string, unknown>;
    try {
      credentials = decryptJson(row.credentialsEncrypted) as Record<string, unknown>;
    } catch {
      skipped.push(`"${row.label}" (${row.baseUrl}): its credentials do not decrypt with this ENCRYPTION_KEY, so it is left as it is`);
      continue;
    }
    const [field, value] = demo.identity;
    if (credentials[field] !== value) continue;
    const taken = rows.find((other) => other.id !== row.id && other.organizationId === row.organizationId && other.provider === row.provider && other.baseUrl === to);
    if (taken) {
      // Two accounts on one sandbox account would import every card and transaction twice.
      skipped.push(`"${row.label}" (${row.baseUrl}): "${taken.label}" already reads ${to}, so it is left as it is`);
      continue;
    }
    await db.transaction(async (tx) => {
      await tx.update(providerAccounts).set({ baseUrl: to, updatedAt: new Date() }).where(eq(providerAccounts.id, row.id));
      await record(
        tx,
        { organizationId: row.organizationId, actorUserId: null, actorEmail: `cli:${userInfo().username}`, actorRoles: ["operator"], ip: null, userAgent: "cardhub dev launcher" },
        {
          action: "provider_account.updated",
          targetType: "provider_account",
          targetId: row.id,
          summary: { label: row.label, before: { baseUrl: row.baseUrl }, after: { baseUrl: to }, reason: "demo sandbox account pointed at this run's sandbox" },
        },
      );
    });
    repointed.push({ id: row.id, label: row.label, from: row.baseUrl, to });
    row.baseUrl = to; // a second demo-form account of this provider now finds the place taken
  }
  return { repointed, skipped };
}

/** Idempotent: creates only what is missing. Refuses to run against a production deployment. */
export async function seedDemo(db: Db, options: { sandboxUrl: string }): Promise<{ created: boolean }> {
  if (process.env.NODE_ENV === "production") throw new Error("The demo seed never runs in production mode.");
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    let [organization] = await tx.select().from(organizations).where(eq(organizations.name, DEMO_ORGANIZATION)).limit(1);
    const created = !organization;
    organization ??= (await tx.insert(organizations).values({ name: DEMO_ORGANIZATION }).returning())[0]!;

    const teamIds = new Map<string, string>();
    for (const name of ["Operations", "Marketing"]) {
      await tx.insert(teams).values({ organizationId: organization.id, name }).onConflictDoNothing();
      const [team] = await tx.select().from(teams).where(and(eq(teams.organizationId, organization.id), eq(teams.name, name)));
      teamIds.set(name, team!.id);
    }

    for (const demo of DEMO_USERS) {
      await tx
        .insert(users)
        .values({ organizationId: organization.id, email: demo.email, name: demo.name, passwordHash })
        .onConflictDoNothing();
      const [user] = await tx.select().from(users).where(eq(sql`lower(${users.email})`, demo.email));
      for (const role of demo.roles) await tx.insert(userRoles).values({ userId: user!.id, role }).onConflictDoNothing();
      if (demo.team) {
        await tx
          .insert(teamMemberships)
          .values({ teamId: teamIds.get(demo.team)!, userId: user!.id, isManager: demo.manages ?? false })
          .onConflictDoNothing();
      }
    }

    for (const account of demoProviderAccounts(options.sandboxUrl)) {
      await tx
        .insert(providerAccounts)
        .values({
          organizationId: organization.id,
          provider: account.provider,
          label: account.label,
          baseUrl: account.baseUrl,
          credentialsEncrypted: encryptJson(account.credentials),
          ...storedWebhookSecret(newWebhookSecret()),
          settings: account.settings,
        })
        .onConflictDoNothing();
    }
    // The demo signs in with a password alone (README, "Demo"); a new organisation requires two-factor for finance and admin.
    await tx
      .insert(organizationSettings)
      .values({ organizationId: organization.id, values: { twoFactorRequiredRoles: [] } })
      .onConflictDoNothing();

    // Approval policy: from 1,000.00 USD a request needs finance after the manager (every kind).
    for (const kind of REQUEST_KINDS) {
      await tx.insert(approvalPolicies).values({ organizationId: organization.id, kind, currency: "USD", threshold: 100_000n }).onConflictDoNothing();
    }
    return { created };
  });
}

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: organizations.id }).from(organizations).limit(1);
  return !row;
}
