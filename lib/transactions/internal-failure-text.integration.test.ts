/**
 * An error of Cardhub's own (here the database refusing a ledger row) that stops a transaction pull, the daily re-read
 * or a webhook event: the status people read (Settings, the admin overview) keeps the fixed sentences of
 * lib/provider-accounts/sync-failure-text, never the failing query with the row's values; the log names the error,
 * cleaned (lib/jobs/loggable-error).
 */
import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { findSyncHealth, listBackgroundSyncHealth } from "@/db/queries/provider-sync-status";
import { getTransactionSyncState } from "@/db/queries/transactions-sync";
import { insertWebhookEvent } from "@/db/queries/transactions-webhooks";
import { webhookEvents } from "@/db/schema/webhook-events";
import { readFailureText, SYNC_STOPPED_INSIDE_CARDHUB } from "@/lib/provider-accounts/sync-failure-text";
import { providerForAccount } from "@/lib/providers/for-account";
import { deepReadFrom } from "@/lib/statements/deep-read";
import { withTestDatabase } from "@/test/database";
import { whileInsertsRefused } from "@/test/refused-inserts";
import { withSeededSandbox } from "@/test/seeded-sandbox";
import { accountOf, forgetPull, sandboxAdmin, withList } from "@/test/transaction-sync";
import { TRANSACTIONS_DEEP_SYNC } from "./deep-reread";
import { syncAccountTransactions, syncAllTransactions } from "./sync-account";
import { stripCardData } from "./strip-card-data";
import { processWebhookEvent, WEBHOOKS_SYNC } from "./webhooks";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
const sandbox = withSeededSandbox(db);
const DAY = 86_400_000;
const CARD_OPEN_API_CARD = "5f1d0c9e8b7a6f5e4d3c2b1a00000001";
/** What the database says about the refused row, as a constraint naming the row's values would. */
const REFUSAL = "ledger row of Grace Hopper at Blue Bottle Coffee refused";
/** Words of the failing query and its values, none of which a status may show. */
const PRIVATE = /Grace Hopper|Blue Bottle|Failed query|params:|insert into|GITHUB|FACEBK/i;

let warn: MockInstance<typeof console.warn> | undefined;
const logged = () => (warn?.mock.calls ?? []).map((call) => call.join(" "));

afterEach(() => {
  warn?.mockRestore();
});
const watchLog = () => {
  warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
};

describe.each(["cardopenapi", "nobepay", "cardepass"] as const)("%s: a pull stopped inside Cardhub", (name) => {
  it("records the clean sentence in the pull's status, not the query and its values", async () => {
    const account = await accountOf(db(), name);
    await forgetPull(db(), account.id);

    await expect(whileInsertsRefused(db(), "transactions", REFUSAL, () => syncAccountTransactions(db(), account.id))).rejects.toThrow();

    const state = await getTransactionSyncState(db(), account.id);
    expect(state!.lastError).not.toMatch(PRIVATE);
    expect(state!.lastError).toBe(SYNC_STOPPED_INSIDE_CARDHUB);
    const shown = (await listBackgroundSyncHealth(db(), { organizationId: account.organizationId })).find((read) => read.accountId === account.id && read.kind === "transactions");
    expect(shown?.lastError).toBe(SYNC_STOPPED_INSIDE_CARDHUB);
  }, 60_000);
});

describe("the scheduled pull of every account", () => {
  it("names each account's error in the log, cleaned of the query's values", async () => {
    const account = await accountOf(db(), "cardopenapi");
    for (const name of ["cardopenapi", "nobepay", "cardepass"] as const) await forgetPull(db(), (await accountOf(db(), name)).id);
    watchLog();

    await whileInsertsRefused(db(), "transactions", REFUSAL, () => syncAllTransactions(db(), { organizationId: account.organizationId }));

    const lines = logged().filter((line) => line.startsWith("[transactions]"));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      expect(line).toContain("refused");
      expect(line).not.toMatch(/params:|GITHUB|FACEBK/);
    }
  }, 60_000);
});

describe("the daily re-read stopped inside Cardhub", () => {
  it("records the clean sentence in its status, and the log names the error", async () => {
    const account = await accountOf(db(), "cardopenapi");
    await forgetPull(db(), account.id);
    // A row within the last 90 days, for the re-read to write again.
    await sandboxAdmin(sandbox().url, "/purchase", { provider: "cardopenapi", cardId: CARD_OPEN_API_CARD, amount: "1.00", merchant: "GITHUB", settle: true });
    const start = new Date();
    await syncAccountTransactions(db(), account.id, { now: start });
    const dayLater = new Date(start.getTime() + DAY + 60_000);
    const real = await providerForAccount(db(), account.id);
    // The sweep finds nothing new, so only the re-read writes rows, and the database refuses them.
    const provider = withList(real, async (query) =>
      query.from === deepReadFrom(dayLater) ? real.listTransactions(query) : { items: [], nextCursor: null, total: 0 },
    );
    watchLog();

    await whileInsertsRefused(db(), "transactions", REFUSAL, () => syncAccountTransactions(db(), account.id, { now: dayLater, provider }));

    const health = await findSyncHealth(db(), { providerAccountId: account.id, kind: TRANSACTIONS_DEEP_SYNC });
    expect(health.lastError).not.toMatch(PRIVATE);
    expect(health.lastError).toBe(SYNC_STOPPED_INSIDE_CARDHUB);
    const lines = logged().filter((line) => line.startsWith("[transactions]"));
    expect(lines).toEqual([expect.stringContaining("refused")]);
    expect(lines[0]).not.toMatch(/params:|GITHUB/);
  }, 60_000);
});

describe("a webhook event given up over an error inside Cardhub", () => {
  it("records the clean phrase in the webhooks status and on the event, and the log names the error", async () => {
    const account = await accountOf(db(), "nobepay");
    const { body } = JSON.parse(readFileSync("lib/providers/nobepay/fixtures/webhook-complete.json", "utf8")) as { body: Record<string, unknown> };
    const event = { ...(stripCardData(body) as Record<string, unknown>), eventId: "ev_refused_row" };
    const id = (await insertWebhookEvent(db(), { providerAccountId: account.id, providerEventId: "ev_refused_row", eventType: "TRANSACTION", payload: event }))!;
    watchLog();

    await whileInsertsRefused(db(), "transactions", REFUSAL, async () => {
      for (let attempt = 1; attempt <= 5; attempt += 1) expect(await processWebhookEvent(db(), id)).toBe("failed");
    });

    const health = await findSyncHealth(db(), { providerAccountId: account.id, kind: WEBHOOKS_SYNC });
    expect(health.lastError).not.toMatch(PRIVATE);
    expect(health.lastError).toBe(
      `Event ev_refused_row was given up after 5 attempts: ${readFailureText(new Error(REFUSAL))}. The regular transaction sync still reads its transaction.`,
    );
    const [stored] = await db().select({ error: webhookEvents.error }).from(webhookEvents).where(eq(webhookEvents.id, id));
    expect(stored!.error).toBe(readFailureText(new Error(REFUSAL)));
    const lines = logged().filter((line) => line.startsWith("[webhooks]"));
    expect(lines).toHaveLength(5);
    for (const line of lines) {
      expect(line).toContain("refused");
      expect(line).not.toMatch(/params:|FACEBK/);
    }
  });
});
