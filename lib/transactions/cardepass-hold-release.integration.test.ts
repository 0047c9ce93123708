/**
 * Cardepass v1 reports a released hold as a row of its own: the authorisation keeps its row, still `AuthSuccess`, and a
 * `ConsumeReversal` row is added (the sandbox npm run dev serves, over HTTP, through the real sync). The document has no
 * reversed status and no field naming the transaction a reversal undoes (cardepass-v1.md):
 *   1738 `status … 包括AuthSuccess 预授权成功，AuthFailure 预授权失败，Settled 已入账`
 *   1740 `transactionType … ConsumeReversal 取消消费 …`
 * but the release carries the same documented fields as the hold it releases:
 *   1724 `»»»» cardId … 卡ID`, 1731 `»»» authCode … 授权码`, 1717 `»»» authAmount … 预授权金额`.
 * Cardhub closes the hold on those (reversed: no money moved), like a NobePay REVERSED, and the release row itself moves
 * no money either, so the two never count apart.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transactionTotalsFromRows } from "@/db/queries/transactions";
import { holdReleasedByQuery, oldestOpenAuthorisation, unpairedReleaseQuery } from "@/db/queries/transactions-ingest";
import { cards } from "@/db/schema/cards";
import { notifications } from "@/db/schema/notifications";
import { transactions } from "@/db/schema/transactions";
import { users } from "@/db/schema/users";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { toTransaction } from "@/lib/providers/cardepass/transform-ledger";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { planNodes } from "@/test/query-plan";
import { ledgerRow } from "@/test/rollup-fixtures";
import { expectRollupsMatchRows } from "@/test/rollups-match";
import { accountOf, forgetPull, sandboxAdmin } from "@/test/transaction-sync";
import { ingestTransactions } from "./ingest";
import { openAuthorisationHorizon } from "./sync-window";
import { syncAccountTransactions } from "./sync-account";
import { teamIdNamed } from "@/test/team-named";

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
const CARD = "66a0c0de0000000000000001"; // ShareBalance, active, in the sandbox seed
let holderId: string;
let teamId: string;

async function row(accountId: string, providerTransactionId: string) {
  const [found] = await db()
    .select()
    .from(transactions)
    .where(and(eq(transactions.providerAccountId, accountId), eq(transactions.providerTransactionId, providerTransactionId)));
  return found;
}
async function usd(accountId: string, organizationId: string, status?: "authorised" | "settled") {
  const [totals] = await transactionTotalsFromRows(db(), { organizationId, visibility: { all: true }, filters: { accountId, currency: "USD", status } });
  return totals?.spent ?? 0n;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 30 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  await syncAllCards(db());
  const account = await accountOf(db(), "cardepass");
  await syncAccountTransactions(db(), account.id);
  await syncAllCards(db());
  // The card's holder and team, so the rows carry both (notices, the per-team rollup).
  const [holder] = await db().select().from(users).where(eq(users.email, "employee2@demo.test"));
  holderId = holder!.id;
  teamId = await teamIdNamed(db(), "Marketing");
  await db().update(cards).set({ ownerUserId: holderId, teamId }).where(and(eq(cards.providerAccountId, account.id), eq(cards.providerCardId, CARD)));
  await forgetPull(db(), account.id);
  await syncAccountTransactions(db(), account.id);
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
});

describe("a Cardepass v1 hold released at the provider", () => {
  it("closes the authorisation it releases: reversed, no spend under any filter, no notice, no sweep anchor", async () => {
    const account = await accountOf(db(), "cardepass");
    const spentBefore = { all: await usd(account.id, account.organizationId), authorised: await usd(account.id, account.organizationId, "authorised"), settled: await usd(account.id, account.organizationId, "settled") };

    const hold = (await sandboxAdmin(sandbox.url, "/purchase", { provider: "cardepass", cardId: CARD, amount: "40.00", merchant: "HILTON HOTELS" })) as { id: string };
    await syncAccountTransactions(db(), account.id);
    expect((await row(account.id, hold.id))?.status).toBe("authorised");
    expect(await usd(account.id, account.organizationId)).toBe(spentBefore.all + 4000n);

    await sandboxAdmin(sandbox.url, `/transactions/${hold.id}/reverse`, {});
    for (let run = 0; run < 3; run += 1) await syncAccountTransactions(db(), account.id);

    const original = await row(account.id, hold.id);
    const release = await row(account.id, `${hold.id}R`);
    expect(original).toMatchObject({ status: "reversed", providerStatus: "AuthSuccess", direction: "debit", amount: 4000n, ownerUserId: holderId, teamId });
    expect(release).toMatchObject({ status: "reversed", providerStatus: "Settled", type: "reversal", providerType: "ConsumeReversal", direction: "credit", amount: 4000n });
    // Counted nowhere: not as a hold under status=authorised, not as a credit under status=settled, nets to nothing.
    expect(await usd(account.id, account.organizationId)).toBe(spentBefore.all);
    expect(await usd(account.id, account.organizationId, "authorised")).toBe(spentBefore.authorised);
    expect(await usd(account.id, account.organizationId, "settled")).toBe(spentBefore.settled);
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, teamId });

    const told = await db().select().from(notifications).where(eq(notifications.recipientUserId, holderId));
    expect(told.filter((notice) => notice.kind === "card.declined")).toEqual([]);
    const open = await oldestOpenAuthorisation(db(), { providerAccountId: account.id, since: openAuthorisationHorizon(new Date()) });
    expect(open?.toISOString()).not.toBe(original!.occurredAt.toISOString());
  });

  it("pairs them whichever is read first, and a later read of either changes nothing", async () => {
    const account = await accountOf(db(), "cardepass");
    const hold = (await sandboxAdmin(sandbox.url, "/purchase", { provider: "cardepass", cardId: CARD, amount: "12.34", merchant: "HERTZ" })) as { id: string };
    await sandboxAdmin(sandbox.url, `/transactions/${hold.id}/reverse`, {});
    // A first pull reads the newest row first: the release before the hold it releases.
    await forgetPull(db(), account.id);
    await syncAccountTransactions(db(), account.id);
    expect((await row(account.id, hold.id))?.status).toBe("reversed");
    expect((await row(account.id, `${hold.id}R`))?.status).toBe("reversed");
    for (let run = 0; run < 2; run += 1) await syncAccountTransactions(db(), account.id);
    expect((await row(account.id, hold.id))?.status).toBe("reversed");
    expect((await row(account.id, `${hold.id}R`))?.status).toBe("reversed");
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, teamId });
  });

  it("backfilled history: no released hold stays authorised or anchors the sweep", async () => {
    const account = await accountOf(db(), "cardepass");
    await sandboxAdmin(sandbox.url, "/activity/backfill", { days: 44 });
    await forgetPull(db(), account.id);
    for (let run = 0; run < 3; run += 1) await syncAccountTransactions(db(), account.id);

    const all = await db().select().from(transactions).where(eq(transactions.providerAccountId, account.id));
    const releases = all.filter((t) => t.providerType === "ConsumeReversal");
    expect(releases.length).toBeGreaterThan(0);
    const releasedIds = new Set(releases.map((t) => t.providerTransactionId.replace(/R$/, "")));
    const stuck = all.filter((t) => releasedIds.has(t.providerTransactionId) && t.status !== "reversed");
    expect(stuck.map((t) => `${t.providerTransactionId} ${t.status}`)).toEqual([]);
    expect(releases.filter((t) => t.status !== "reversed").map((t) => t.providerTransactionId)).toEqual([]);

    const open = await oldestOpenAuthorisation(db(), { providerAccountId: account.id, since: openAuthorisationHorizon(new Date()) });
    if (open) {
      const anchor = all.find((t) => t.status === "authorised" && t.occurredAt.getTime() === open.getTime())!;
      expect(releasedIds.has(anchor.providerTransactionId)).toBe(false);
    }
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, teamId });
  });

  it("matches on card, authorisation code and authorised amount, one release per hold; an unmatched release stays a credit", async () => {
    const account = await accountOf(db(), "cardepass");
    const at = (minute: number) => `2026-06-01T10:${String(minute).padStart(2, "0")}:00Z`;
    const wire = (id: string, values: { card?: string; authCode?: string; amount?: number; release?: boolean; minute: number }) =>
      toTransaction({
        id,
        authTime: at(values.minute),
        settleTime: values.release ? at(values.minute) : null,
        transAmount: { currency: "USD", amount: values.amount ?? 25 },
        authAmount: { currency: "USD", amount: values.amount ?? 25 },
        settledAmount: values.release ? { currency: "USD", amount: values.amount ?? 25 } : null,
        cardInfo: { cardId: values.card ?? CARD, cardCurrency: "USD" },
        authCode: values.authCode ?? "481516",
        merchantName: "AVIS",
        status: values.release ? "Settled" : "AuthSuccess",
        fundsDirection: values.release ? "Income" : "Expenditure",
        transactionType: values.release ? "ConsumeReversal" : "Consume",
      });
    const ingest = (items: ReturnType<typeof wire>[]) => db().transaction((tx) => ingestTransactions(tx, account, items, new Date(), "list"));
    // Two identical holds, and releases that differ from them in one field each.
    await ingest([wire("M-HOLD-1", { minute: 1 }), wire("M-HOLD-2", { minute: 2 })]);
    await ingest([
      wire("M-OTHER-CARD", { minute: 3, release: true, card: "66a0c0de0000000000000003" }),
      wire("M-OTHER-CODE", { minute: 4, release: true, authCode: "000000" }),
      wire("M-OTHER-AMOUNT", { minute: 5, release: true, amount: 24.99 }),
    ]);
    const statuses = async () =>
      Object.fromEntries(
        (
          await db()
            .select({ id: transactions.providerTransactionId, status: transactions.status })
            .from(transactions)
            .where(and(eq(transactions.providerAccountId, account.id), sql`${transactions.providerTransactionId} like 'M-%'`))
        ).map((r) => [r.id, r.status]),
      );
    expect(await statuses()).toEqual({ "M-HOLD-1": "authorised", "M-HOLD-2": "authorised", "M-OTHER-CARD": "settled", "M-OTHER-CODE": "settled", "M-OTHER-AMOUNT": "settled" });
    // A release dated before the hold cannot release it.
    await ingest([wire("M-EARLIER", { minute: 0, release: true })]);
    expect((await statuses())["M-EARLIER"]).toBe("settled");

    await ingest([wire("M-RELEASE", { minute: 6, release: true })]);
    const after = await statuses();
    expect(after["M-RELEASE"]).toBe("reversed");
    expect([after["M-HOLD-1"], after["M-HOLD-2"]].sort()).toEqual(["authorised", "reversed"]);
    await expectRollupsMatchRows(db(), { organizationId: account.organizationId, accountId: account.id, teamId });
  });

  it("finds the hold a release names, and the release a hold is named by, through transactions_release_match_idx", async () => {
    const account = await accountOf(db(), "cardepass");
    const at = { organizationId: account.organizationId, providerAccountId: account.id };
    const bulk = Array.from({ length: 6000 }, (_, n) => {
      const kind = n % 20 === 0 ? "hold" : n % 20 === 1 ? "release" : "settled";
      return ledgerRow(at, `bulk-${n}`, {
        status: kind === "hold" ? "authorised" : "settled",
        type: kind === "release" ? "reversal" : "purchase",
        direction: kind === "release" ? "credit" : "debit",
        amount: 1000n + BigInt(n),
        authorisedAmount: 1000n + BigInt(n),
        authorisedCurrency: "USD",
        providerCardId: CARD,
        authCode: String(100000 + n),
        occurredAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000),
      });
    });
    for (let i = 0; i < bulk.length; i += 1000) await db().insert(transactions).values(bulk.slice(i, i + 1000));
    await db().execute(sql`analyze transactions`);
    const key = { providerAccountId: account.id, providerCardId: CARD, authCode: "100040", authorisedAmount: 1040n, authorisedCurrency: "USD" };
    for (const query of [holdReleasedByQuery(db(), key, new Date()), unpairedReleaseQuery(db(), key, new Date(0))]) {
      const result = await db().execute<{ "QUERY PLAN": unknown }>(sql`explain (format json) ${query}`);
      const nodes = planNodes(result.rows[0]!["QUERY PLAN"]);
      expect(nodes.find((node) => node["Index Name"] === "transactions_release_match_idx")?.["Index Cond"]).toContain("auth_code");
      expect(nodes.filter((node) => node["Node Type"] === "Seq Scan")).toEqual([]);
    }
    await db().delete(transactions).where(and(eq(transactions.providerAccountId, account.id), sql`${transactions.providerTransactionId} like 'bulk-%'`));
  }, 60_000);
});
