import { readFileSync } from "node:fs";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { toProviderAccountConfig } from "@/db/queries/provider-accounts";
import { listOpenUnreadTransactionRows, openUnreadRowsQuery, recordUnreadTransactionRows } from "@/db/queries/transaction-rows-unread";
import { getTransactionSyncState } from "@/db/queries/transactions-sync";
import { insertWebhookEvent } from "@/db/queries/transactions-webhooks";
import { auditLog } from "@/db/schema/audit";
import { transactionRowsUnread } from "@/db/schema/transaction-rows-unread";
import { seedDemo } from "@/db/seed";
import { settingsEventSentence } from "@/components/audit/settings-event-sentence";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { UNREAD_NAMED, unreadTransactionsMessage } from "@/lib/provider-accounts/unread-transactions";
import { providerForAccount } from "@/lib/providers/for-account";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { createProvider } from "@/lib/providers/index";
import { toWebhookEvent } from "@/lib/providers/nobepay/transform";
import { TokenCache } from "@/lib/providers/token-cache";
import type { ProviderName, Transaction } from "@/lib/providers/types";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { getConnection } from "@/db/client";
import { withTestDatabase } from "@/test/database";
import { accountOf, forgetPull, storedIds } from "@/test/transaction-sync";
import { stripCardData } from "./strip-card-data";
import { syncAccountTransactions } from "./sync-account";
import { processWebhookEvent } from "./webhooks";
import { planNodes } from "@/test/query-plan";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 30 });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  await syncAllCards(database.db());
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
});

type Row = Record<string, unknown>;

function rowsOf(body: { data?: unknown }): Row[] {
  const data = body.data as Row[] | { data?: Row[]; trade_list?: Row[] } | undefined;
  if (Array.isArray(data)) return data;
  return data?.trade_list ?? data?.data ?? [];
}

/** Every transaction the account lists (the oracle), in pages every provider accepts. */
async function everything(accountId: string): Promise<Transaction[]> {
  const provider = await providerForAccount(database.db(), accountId);
  const all: Transaction[] = [];
  let cursor: string | undefined;
  do {
    const page = await provider.listTransactions({ cursor, pageSize: 100 });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

const idOf = (row: Row) => String(row.trade_id ?? row.id ?? row.transactionId);

/** The account's adapter over the sandbox, with the row `bad` given an amount of 1.234 (two-decimal currency) on every read. */
async function adapterWithBadRow(provider: ProviderName, listPath: string, bad: string) {
  const fetch: FetchLike = async (input, init) => {
    const res = await globalThis.fetch(input, init);
    if (res.status !== 200 || !new URL(input).pathname.endsWith(listPath)) return res;
    const body = (await res.json()) as { data?: unknown };
    for (const row of rowsOf(body)) {
      if (idOf(row) !== bad) continue;
      if (provider === "cardopenapi") row.amount = 1.234;
      else for (const field of ["transAmount", "authAmount", "settledAmount"]) if (row[field]) (row[field] as Row).amount = 1.234;
    }
    return Response.json(body);
  };
  const row = await accountOf(database.db(), provider);
  return createProvider(toProviderAccountConfig(row), { tokenCache: new TokenCache(), http: { fetch, logger: silentLogger } });
}

const openEntries = async (organizationId: string, accountId: string) =>
  (await listOpenUnreadTransactionRows(database.db(), { organizationId, limit: UNREAD_NAMED })).get(accountId);

const entriesOf = (accountId: string) => database.db().select().from(transactionRowsUnread).where(eq(transactionRowsUnread.providerAccountId, accountId));

const unreadAuditRows = (accountId: string) =>
  database.db().select().from(auditLog).where(and(eq(auditLog.action, "transaction.unreadable"), eq(auditLog.targetId, accountId)));

/** Makes the next sweep start from scratch (a full re-read), keeping what the ledger holds. */
const forgetSweep = (accountId: string) => database.db().execute(sql`delete from transaction_sync_states where provider_account_id = ${accountId}`);

async function cardNumbers(): Promise<string[]> {
  const secrets = (await (await globalThis.fetch(`${sandbox.url}/_sandbox/card-secrets`)).json()) as { cards: { cardNumber: string }[] };
  expect(secrets.cards.length).toBeGreaterThan(0);
  return secrets.cards.map((card) => card.cardNumber);
}

describe.each([
  { provider: "cardepass" as const, listPath: "/v1/transactions" },
  { provider: "cardopenapi" as const, listPath: "/openApi/card/cardTradeList" },
])("$provider: an old transaction the sync cannot read", ({ provider, listPath }) => {
  it("stays listed as missing from the ledger after later successful sweeps, until a read stores it", async () => {
    const account = await accountOf(database.db(), provider);
    await forgetPull(database.db(), account.id);
    const expected = await everything(account.id);
    const oldest = expected.filter((item) => item.occurredAt).sort((a, b) => a.occurredAt!.getTime() - b.occurredAt!.getTime())[0]!;
    const badId = oldest.providerTransactionId;
    const adapter = await adapterWithBadRow(provider, listPath, badId);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      // Run 1 leaves the row out.
      const first = await syncAccountTransactions(database.db(), account.id, { provider: adapter, pageSize: 3 });
      expect(first.skipped).toBe(1);
      const [entry] = await entriesOf(account.id);
      expect(entry).toMatchObject({ providerTransactionId: badId, resolvedAt: null });
      expect(entry!.reason).toMatch(/amount/);

      // Run 2, the reviewer's scenario: the sweep starts near lastSeenAt and never lists the row again, and succeeds.
      const second = await syncAccountTransactions(database.db(), account.id, { provider: adapter, pageSize: 3 });
      expect(second.skipped).toBe(0);
      const state = await getTransactionSyncState(database.db(), account.id);
      expect(state!.lastError).toBeNull();
      expect((await storedIds(database.db(), account.id)).has(badId)).toBe(false);
      // …yet the row is still listed as open, and the account's sync status says so.
      const open = await openEntries(account.organizationId, account.id);
      expect(open).toMatchObject({ count: 1, first: [{ providerTransactionId: badId }] });
      const status = unreadTransactionsMessage(open);
      expect(status).toMatch(new RegExp(`^1 provider transaction could not be read and is not in Cardhub \\(transaction ${badId}: .*amount.*\\)\\.$`));

      // A full re-read that meets the row again: last seen moves, first seen stays, still one entry and one audit row.
      await forgetSweep(account.id);
      const third = await syncAccountTransactions(database.db(), account.id, { provider: adapter, pageSize: 3 });
      expect(third.skipped).toBe(1);
      const [again] = await entriesOf(account.id);
      expect(again!.id).toBe(entry!.id);
      expect(again!.firstSeenAt).toEqual(entry!.firstSeenAt);
      expect(again!.lastSeenAt.getTime()).toBeGreaterThan(entry!.lastSeenAt.getTime());
      expect(again!.resolvedAt).toBeNull();

      // The audit row: written once, by the sync job (no person), naming the id and reason.
      const audits = await unreadAuditRows(account.id);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ actorUserId: null, userAgent: "cardhub-worker", targetType: "provider_account", outcome: "success" });
      expect(audits[0]!.summary).toMatchObject({ providerAccount: account.label, providerTransactionId: badId, reason: entry!.reason });
      const sentence = settingsEventSentence({ ...audits[0]!, summary: audits[0]!.summary as Record<string, unknown> }, ["Cardhub"])!.join("");
      expect(sentence).toContain(`could not read transaction ${badId} from the provider account “${account.label}”`);

      // No card number in the entry, the status, the audit row or the log.
      const logged = warn.mock.calls.map((call) => String(call[0])).join("\n");
      for (const number of await cardNumbers()) {
        for (const text of [JSON.stringify(again), status!, JSON.stringify(audits[0]!.summary), sentence, logged]) expect(text).not.toContain(number);
      }

      // The provider's row becomes readable: the next read that lists it stores it and resolves the entry.
      await forgetSweep(account.id);
      const healed = await syncAccountTransactions(database.db(), account.id, { pageSize: 3 });
      expect(healed.skipped).toBe(0);
      expect((await storedIds(database.db(), account.id)).has(badId)).toBe(true);
      const [resolved] = await entriesOf(account.id);
      expect(resolved!.resolvedAt).not.toBeNull();
      expect(await openEntries(account.organizationId, account.id)).toBeUndefined();
      expect(unreadTransactionsMessage(await openEntries(account.organizationId, account.id))).toBeNull();
      expect(await unreadAuditRows(account.id)).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  }, 90_000);
});

describe("an unread transaction delivered by a webhook", () => {
  it("is resolved when the webhook job stores it", async () => {
    const account = await accountOf(database.db(), "nobepay");
    const { body } = JSON.parse(readFileSync("lib/providers/nobepay/fixtures/webhook-complete.json", "utf8")) as { body: Record<string, unknown> };
    const payload = stripCardData(body) as Record<string, unknown>;
    const transaction = toWebhookEvent(payload).transaction as Transaction;
    expect(transaction.providerTransactionId).toBeTruthy();
    // As a sweep that could not read it leaves it (writePage), plus an id-less row that nothing can resolve.
    await recordUnreadTransactionRows(database.db(), {
      providerAccountId: account.id,
      rows: [
        { providerTransactionId: transaction.providerTransactionId, reason: "NobePay sent an answer that could not be read (amount)." },
        { providerTransactionId: null, reason: "NobePay sent an answer that could not be read (transactionId is missing)." },
      ],
      at: new Date(),
    });
    expect(await openEntries(account.organizationId, account.id)).toMatchObject({ count: 2 });

    const stored = await insertWebhookEvent(database.db(), { providerAccountId: account.id, providerEventId: String(payload.eventId), eventType: String(payload.eventType), payload });
    expect(await processWebhookEvent(database.db(), stored!)).toBe("processed");

    const open = await openEntries(account.organizationId, account.id);
    expect(open).toMatchObject({ count: 1, first: [{ providerTransactionId: null }] });
    expect(unreadTransactionsMessage(open)).toBe(
      "1 provider transaction could not be read and is not in Cardhub (a transaction without an id: NobePay sent an answer that could not be read (transactionId is missing))."
    );
  });
});

describe("the open entries of an account", () => {
  it("are read through transaction_rows_unread_open_idx in list order, without a sort", async () => {
    const account = await accountOf(database.db(), "cardopenapi");
    await database.db().execute(sql`
      insert into transaction_rows_unread (provider_account_id, provider_transaction_id, reason_key, reason, first_seen_at, last_seen_at, resolved_at)
      select ${account.id}::uuid, 'plan-' || n, md5(n::text), 'plan reason', now() - n * interval '1 minute', now(),
        case when n % 100 = 0 then null else now() end
      from generate_series(1, 20000) as n`);
    await database.db().execute(sql`analyze transaction_rows_unread`);
    const query = openUnreadRowsQuery(database.db(), { providerAccountId: account.id, limit: UNREAD_NAMED }).toSQL();
    const result = await getConnection().pool.query<{ "QUERY PLAN": unknown }>(`explain (format json) ${query.sql}`, query.params as unknown[]);
    const nodes = planNodes(result.rows[0]!["QUERY PLAN"]);
    expect(nodes.map((node) => node["Node Type"])).not.toContain("Sort");
    expect(nodes.map((node) => node["Node Type"])).not.toContain("Seq Scan");
    expect(nodes.find((node) => node["Relation Name"] === "transaction_rows_unread")?.["Index Name"]).toBe("transaction_rows_unread_open_idx");
    await database.db().execute(sql`delete from transaction_rows_unread where provider_transaction_id like 'plan-%'`);
  });
});
