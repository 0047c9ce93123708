import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createSession } from "@/db/queries/sessions";
import { markProviderCardUnknown } from "@/db/queries/unknown-provider-cards";
import { findUserByEmail } from "@/db/queries/users";
import { cards } from "@/db/schema/cards";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { transactions } from "@/db/schema/transactions";
import { seedDemo } from "@/db/seed";
import type { TransactionView } from "@/components/transactions/transaction-view";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";

// Only the cookie is stubbed: which session it names. Whether that session stands, and who it is, the real code decides.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));

const { GET } = await import("./route");

const database = withTestDatabase();
const db = () => database.db();

type Email = "employee@demo.test" | "employee2@demo.test" | "manager@demo.test" | "manager2@demo.test" | "finance@demo.test" | "auditor@demo.test";
const sessions = new Map<Email, string>();
/** The transactions below, by what they are. */
const ids = { eli: "", emma: "", unknownCard: "", otherOrg: "" };
const UNKNOWN_CARD = "66a0c0de00000000000000ff";

async function signIn(email: Email): Promise<void> {
  let session = sessions.get(email);
  if (!session) {
    const user = await findUserByEmail(db(), email);
    session = (await createSession(db(), { userId: user!.id, expiresAt: new Date(Date.now() + 3_600_000), ip: null, userAgent: null })).id;
    sessions.set(email, session);
  }
  cookie.sessionId = session;
}

function ask(id: string): Promise<Response> {
  return GET(new Request(`http://localhost/api/transactions/${id}`), { params: Promise.resolve({ id }) });
}

async function read(email: Email, id: string): Promise<{ status: number; body: string; cacheControl: string | null }> {
  await signIn(email);
  const response = await ask(id);
  return { status: response.status, body: await response.text(), cacheControl: response.headers.get("cache-control") };
}

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const [eli, emma] = [await sessionUserFor(db(), "employee@demo.test"), await sessionUserFor(db(), "employee2@demo.test")];
  const [account] = await db().select().from(providerAccounts).where(eq(providerAccounts.provider, "nobepay"));
  const [eliCard] = await db()
    .insert(cards)
    .values({ organizationId: eli.organizationId, providerAccountId: account!.id, providerCardId: "eli-card", cardModel: "prepaid", alias: "Eli travel", last4: "4242", currency: "USD", ownerUserId: eli.id, teamId: eli.teamIds[0] })
    .returning({ id: cards.id });
  const insert = async (values: Partial<typeof transactions.$inferInsert> & { providerTransactionId: string; organizationId: string; providerAccountId: string }) =>
    (
      await db()
        .insert(transactions)
        .values({ type: "purchase", status: "declined", statusRank: 2, direction: "debit", amount: 16588n, currency: "USD", occurredAt: new Date("2026-12-02T11:38:00Z"), ...values })
        .returning({ id: transactions.id })
    )[0]!.id;
  ids.eli = await insert({
    organizationId: eli.organizationId,
    providerAccountId: account!.id,
    providerTransactionId: "t_eli",
    cardId: eliCard!.id,
    ownerUserId: eli.id,
    teamId: eli.teamIds[0],
    merchantName: "GITHUB, INC.",
    authorisedAmount: 16588n,
    authorisedCurrency: "USD",
    authorisedAt: new Date("2026-12-02T11:38:00Z"),
    providerStatus: "DECLINED",
    declineReason: "Not enough money on the card or funding account",
    providerDeclineReason: "balance not enough",
    memo: "Team seats",
  });
  ids.emma = await insert({ organizationId: emma.organizationId, providerAccountId: account!.id, providerTransactionId: "t_emma", ownerUserId: emma.id, teamId: emma.teamIds[0], status: "settled", merchantName: "MARKETING TOOL" });
  ids.unknownCard = await insert({ organizationId: eli.organizationId, providerAccountId: account!.id, providerTransactionId: "t_unknown_card", providerCardId: UNKNOWN_CARD, status: "settled", merchantName: "DELETED CARD SHOP" });
  await markProviderCardUnknown(db(), { providerAccountId: account!.id, providerCardId: UNKNOWN_CARD });

  const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
  const [otherAccount] = await db()
    .insert(providerAccounts)
    .values({ organizationId: other!.id, provider: "nobepay", label: "Other NobePay", baseUrl: "http://127.0.0.1:9", credentialsEncrypted: "x", ...storedWebhookSecret("other-secret-0123456789") })
    .returning();
  ids.otherOrg = await insert({ organizationId: other!.id, providerAccountId: otherAccount!.id, providerTransactionId: "t_other", status: "settled", merchantName: "OTHER CO SHOP" });
});

describe("GET /api/transactions/[id]", () => {
  it("gives the cardholder their own transaction in full, with the memo form offered", async () => {
    const answer = await read("employee@demo.test", ids.eli);
    expect(answer.status).toBe(200);
    expect(answer.cacheControl).toBe("no-store");
    expect(JSON.parse(answer.body) as TransactionView).toMatchObject({
      id: ids.eli,
      merchant: "GITHUB, INC.",
      status: "declined",
      amount: "−$165.88",
      authorisedAmount: "−$165.88",
      declineReason: "Not enough money on the card or funding account",
      providerDeclineReason: "balance not enough",
      providerStatus: "DECLINED",
      providerTransactionId: "t_eli",
      accountLabel: expect.any(String),
      cardLabel: "Eli travel ·· 4242",
      ownerName: "Eli Employee",
      teamName: "Operations",
      memo: "Team seats",
      mayEditMemo: true,
    });
  });

  it("answers a colleague's transaction exactly as one that does not exist", async () => {
    const colleague = await read("employee@demo.test", ids.emma);
    const nothing = await read("employee@demo.test", randomUUID());
    expect(colleague.status).toBe(404);
    expect(colleague.body).toBe(nothing.body);
    expect(colleague.cacheControl).toBe("no-store");
    expect(nothing.status).toBe(404);
    expect(colleague.body).not.toContain("MARKETING");
  });

  it("gives a manager their team's transactions, without the memo form, and not another team's", async () => {
    const team = await read("manager@demo.test", ids.eli);
    expect(team.status).toBe(200);
    expect(JSON.parse(team.body)).toMatchObject({ id: ids.eli, mayEditMemo: false });
    const otherTeam = await read("manager@demo.test", ids.emma);
    expect(otherTeam.status).toBe(404);
    expect(otherTeam.body).toBe((await read("manager@demo.test", randomUUID())).body);
    expect((await read("manager2@demo.test", ids.emma)).status).toBe(200);
    expect((await read("manager2@demo.test", ids.eli)).status).toBe(404);
  });

  it("gives finance and auditors any transaction of their organisation, and no other organisation's", async () => {
    for (const email of ["finance@demo.test", "auditor@demo.test"] as const) {
      for (const id of [ids.eli, ids.emma, ids.unknownCard]) {
        const answer = await read(email, id);
        expect(answer.status, `${email} reads ${id}`).toBe(200);
        expect(JSON.parse(answer.body)).toMatchObject({ id, mayEditMemo: false });
      }
      const other = await read(email, ids.otherOrg);
      expect(other.status).toBe(404);
      expect(other.body).toBe((await read(email, randomUUID())).body);
      expect(other.body).not.toContain("OTHER CO");
    }
  });

  it("says when the provider does not know the card, as the list does", async () => {
    const answer = await read("finance@demo.test", ids.unknownCard);
    expect(JSON.parse(answer.body)).toMatchObject({ cardId: null, cardUnknownToProvider: true, unlinkedProviderCardId: UNKNOWN_CARD });
  });

  it("answers a malformed id as not found, like the other routes of one item", async () => {
    const nothing = await read("finance@demo.test", randomUUID());
    for (const id of ["not-a-uuid", "1", `${ids.eli}x`, "' or 1=1 --"]) {
      const answer = await read("finance@demo.test", id);
      expect(answer.status, id).toBe(404);
      expect(answer.body).toBe(nothing.body);
      expect(answer.cacheControl).toBe("no-store");
    }
  });

  it("finds the transaction whatever case its id is written in", async () => {
    expect((await read("finance@demo.test", ids.eli.toUpperCase())).status).toBe(200);
  });

  it("refuses a signed-out caller, without a trace of the transaction", async () => {
    cookie.sessionId = null;
    const response = await ask(ids.eli);
    expect(response.status).toBe(401);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ error: "unauthenticated" });
  });

  it("refuses a session that has ended", async () => {
    cookie.sessionId = randomUUID();
    expect((await ask(ids.eli)).status).toBe(401);
  });
});
