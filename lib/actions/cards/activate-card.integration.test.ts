import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { findCard, insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { activateCardAction } = await import("@/lib/actions/cards/activate-card");

const database = withTestDatabase();
const db = () => database.db();

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

describe("activateCardAction", () => {
  it("refuses finance the activation of their own inactive card (four eyes: it releases the card's money), and records it", async () => {
    const finance = await sessionUserFor(db(), "finance@demo.test");
    const account = (await listProviderAccounts(db())).find((candidate) => candidate.provider === "cardopenapi")!;
    const card = await insertCard(db(), {
      organizationId: finance.organizationId,
      providerAccountId: account.id,
      providerCardId: "remote-inactive",
      cardModel: "prepaid",
      ownerUserId: finance.id,
      teamId: null,
      alias: "Fiona's new card",
      currency: "USD",
      status: "inactive",
      balance: 10_000n,
    });
    session.user = finance;
    expect(await activateCardAction({ cardId: card.id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const [denial] = await db().select().from(auditLog).where(and(eq(auditLog.actorEmail, "finance@demo.test"), eq(auditLog.outcome, "denied"))).orderBy(desc(auditLog.id)).limit(1);
    expect(denial).toMatchObject({ action: "permission.denied", targetType: "card", targetId: card.id, summary: { permission: "card.activate" } });
    expect((await findCard(db(), card.id))?.status).toBe("inactive");
  });
});
