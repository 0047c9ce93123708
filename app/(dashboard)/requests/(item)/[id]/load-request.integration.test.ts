import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { insertRequest } from "@/db/queries/requests";
import { findUserByEmail } from "@/db/queries/users";
import { auditLog } from "@/db/schema/audit";
import { organizations } from "@/db/schema/organizations";
import { teams } from "@/db/schema/teams";
import { users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { sessionIdFor, TEST_META } from "@/test/session-user";

// Only the cookie is stubbed: which session it names. Who that is and what they may see is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");

const { requireVisibleRequest } = await import("./load-request");

const database = withTestDatabase();
const db = () => database.db();
let elisRequest: string;
let theirRequest: string;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const eli = await findUserByEmail(db(), "employee@demo.test");
  const request = (organizationId: string, userId: string, teamId: string) =>
    insertRequest(db(), { organizationId, kind: "new_card", steps: ["finance"], awaiting: "finance", requesterUserId: userId, beneficiaryUserId: userId, teamId, currency: "USD", threshold: 0n, requested: { amount: "1000" }, approved: { amount: "1000" }, purpose: "Travel" });
  elisRequest = (await request(eli!.organizationId, eli!.id, eli!.teamIds[0]!)).id;
  const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
  const [stranger] = await db().insert(users).values({ organizationId: other!.id, email: "stranger@other.test", name: "Stranger", passwordHash: "x" }).returning();
  const [team] = await db().insert(teams).values({ organizationId: other!.id, name: "Elsewhere" }).returning();
  theirRequest = (await request(other!.id, stranger!.id, team!.id)).id;
});

async function signInAs(email: string | null): Promise<void> {
  if (!email) return void (cookie.sessionId = null);
  cookie.sessionId = await sessionIdFor(db(), email);
}

/** What the request page answers: the request, a 403 or 404 page, or the redirect to sign in. */
async function answer(id: string): Promise<string> {
  try {
    return `request ${(await requireVisibleRequest(id)).request.id === id ? "shown" : "mixed up"}`;
  } catch (error) {
    const digest = String((error as { digest?: string }).digest ?? error);
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;403") return "403";
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;404") return "404";
    if (digest.startsWith("NEXT_REDIRECT;")) return `redirect ${digest.split(";")[2]}`;
    throw error;
  }
}

describe("the request page", () => {
  it("answers another organisation's request as one that does not exist, and records nothing about it", async () => {
    await signInAs("finance@demo.test");
    expect(await answer(theirRequest)).toBe("404");
    expect(await answer(crypto.randomUUID())).toBe("404");
    expect(await db().select().from(auditLog).where(eq(auditLog.action, "permission.denied"))).toEqual([]);
    expect(await answer(elisRequest)).toBe("request shown");
  });

  it("keeps the audited 403 for a request of the viewer's organisation they may not see", async () => {
    await signInAs("employee2@demo.test");
    expect(await answer(elisRequest)).toBe("403");
  });

  it("sends a signed-out visitor to sign in before saying whether any request exists", async () => {
    await signInAs(null);
    expect(await answer(crypto.randomUUID())).toBe("redirect /sign-in");
  });
});
