import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts, type ProviderName } from "@/db/schema/provider-accounts";
import { organizationSettings } from "@/db/schema/settings";
import { approvalPolicies, REQUEST_KINDS } from "@/db/schema/requests";
import { teamMemberships, teams } from "@/db/schema/teams";
import { userRoles, users, type Role } from "@/db/schema/users";
import { hashPassword } from "@/lib/auth/password";
import { encryptJson } from "@/lib/crypto";

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
          webhookSecret: randomBytes(24).toString("base64url"),
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
