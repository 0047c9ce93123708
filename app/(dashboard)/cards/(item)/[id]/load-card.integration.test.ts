import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findUserByEmail } from "@/db/queries/users";
import { auditLog } from "@/db/schema/audit";
import { organizations } from "@/db/schema/organizations";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { sessionIdFor, TEST_META } from "@/test/session-user";

// Only the cookie is stubbed: which session it names. Who that is and what they may see is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");

const { requireVisibleCard } = await import("./load-card");

const database = withTestDatabase();
const db = () => database.db();
let elisCard: string;
let theirCard: string;

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const eli = await findUserByEmail(db(), "employee@demo.test");
  const [account] = await listProviderAccounts(db());
  const card = (organizationId: string, ownerUserId: string | null, providerCardId: string) =>
    insertCard(db(), { organizationId, providerAccountId: account!.id, providerCardId, cardModel: "prepaid", ownerUserId, alias: "A card", currency: "USD", status: "active", balance: 100n });
  elisCard = (await card(eli!.organizationId, eli!.id, "remote-eli")).id;
  const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
  theirCard = (await card(other!.id, null, "remote-theirs")).id;
});

async function signInAs(email: string | null): Promise<void> {
  if (!email) return void (cookie.sessionId = null);
  cookie.sessionId = await sessionIdFor(db(), email);
}

/** What the card page answers: the card, a 403 or 404 page, or the redirect to sign in. */
async function answer(id: string): Promise<string> {
  try {
    return `card ${(await requireVisibleCard(id)).card.id === id ? "shown" : "mixed up"}`;
  } catch (error) {
    const digest = String((error as { digest?: string }).digest ?? error);
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;403") return "403";
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;404") return "404";
    if (digest.startsWith("NEXT_REDIRECT;")) return `redirect ${digest.split(";")[2]}`;
    throw error;
  }
}

describe("the card page", () => {
  it("answers another organisation's card as one that does not exist, and records nothing about it", async () => {
    await signInAs("finance@demo.test");
    expect(await answer(theirCard)).toBe("404");
    expect(await answer(crypto.randomUUID())).toBe("404");
    expect(await answer("not-an-id")).toBe("404");
    expect(await db().select().from(auditLog).where(eq(auditLog.targetId, theirCard))).toEqual([]);
    expect(await db().select().from(auditLog).where(eq(auditLog.action, "permission.denied"))).toEqual([]);
    expect(await answer(elisCard)).toBe("card shown");
  });

  it("keeps the audited 403 for a card of the viewer's organisation they may not see", async () => {
    await signInAs("employee2@demo.test");
    expect(await answer(elisCard)).toBe("403");
    expect(await db().select().from(auditLog).where(and(eq(auditLog.action, "permission.denied"), eq(auditLog.actorEmail, "employee2@demo.test")))).toHaveLength(1);
  });

  it("sends a signed-out visitor to sign in before saying whether any card exists", async () => {
    await signInAs(null);
    expect(await answer(crypto.randomUUID())).toBe("redirect /sign-in");
    expect(await answer(theirCard)).toBe("redirect /sign-in");
  });
});
