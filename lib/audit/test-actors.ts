import type { Db } from "@/db/client";
import { findUserByEmail } from "@/db/queries/users";
import { seedDemo } from "@/db/seed";
import type { AuditContext } from "./record";
import type { SessionUser } from "@/lib/auth/session-user";

/** For tests only: the seeded demo users as the session users pages and actions would see. */
export type DemoActors = Record<"admin" | "finance" | "manager" | "manager2" | "auditor" | "employee" | "employee2", SessionUser>;

export async function seedDemoActors(db: Db): Promise<DemoActors> {
  await seedDemo(db, { sandboxUrl: "http://127.0.0.1:1" });
  const load = async (local: string): Promise<SessionUser> => {
    const user = await findUserByEmail(db, `${local}@demo.test`);
    if (!user) throw new Error(`demo user ${local} missing`);
    const { passwordHash: _passwordHash, active: _active, ...rest } = user;
    return { ...rest, sessionId: "00000000-0000-4000-8000-000000000000", reauthenticatedAt: new Date() };
  };
  const names = ["admin", "finance", "manager", "manager2", "auditor", "employee", "employee2"] as const;
  const loaded = await Promise.all(names.map(load));
  return Object.fromEntries(names.map((name, index) => [name, loaded[index]!])) as DemoActors;
}

export function contextOf(user: SessionUser, ip = "203.0.113.7"): AuditContext {
  return { organizationId: user.organizationId, actorUserId: user.id, actorEmail: user.email, actorRoles: user.roles, ip, userAgent: "vitest" };
}
