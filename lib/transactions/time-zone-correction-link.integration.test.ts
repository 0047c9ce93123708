/**
 * A time-zone correction batch (lib/transactions/time-zone-correction.ts) locks the account's rows in provider
 * transaction id order, and the card sync's linking of rows whose card was not known yet
 * (linkUnlinkedTransactions, run outside the pull's lease by lib/cards/sync-account-cards.ts) locks the same rows. Taken
 * in two different orders, two rows each holds one of and wants the other's ended in a deadlock (40P01) that aborted
 * one of them. A third session briefly holding one row (as any single-row writer may) makes the overlap happen every
 * time: the batch waits at that row holding those before it, and the link is started while it waits.
 */
import { eq, like } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkUnlinkedTransactions } from "@/db/queries/transactions-ingest";
import { claimTransactionSync, releaseTransactionSync } from "@/db/queries/transactions-sync";
import { cards } from "@/db/schema/cards";
import { transactions } from "@/db/schema/transactions";
import { moveTimesToCorrectedZone, scheduleTimeZoneCorrection } from "./time-zone-correction";
import { withTestDatabase } from "@/test/database";
import { withSeededSandbox } from "@/test/seeded-sandbox";
import { accountOf } from "@/test/transaction-sync";
import { lockWaitersReach, outcomeOf } from "@/test/lock-waits";

const database = withTestDatabase();
const db = () => database.db();
withSeededSandbox(db);
const CARD_1 = "5f1d0c9e8b7a6f5e4d3c2b1a00000001";
const CARD_2 = "5f1d0c9e8b7a6f5e4d3c2b1a00000002";
const ZONES = ["Asia/Tokyo", "UTC", "America/New_York", "Asia/Kolkata"];

let other: pg.Client;
let watcher: pg.Client;
let account: Awaited<ReturnType<typeof accountOf>>;
/** The zone the account's rows are stored in, as the corrections so far left them. */
let storedIn: string;

beforeAll(async () => {
  account = await accountOf(db(), "cardopenapi");
  storedIn = (account.settings as { timeZone?: string }).timeZone ?? "Asia/Shanghai";
  other = new pg.Client({ connectionString: database.url() });
  watcher = new pg.Client({ connectionString: database.url() });
  await other.connect();
  await watcher.connect();
});
afterAll(async () => {
  await other?.end();
  await watcher?.end();
});

/**
 * Rows whose cards are known but not linked yet, their provider transaction ids in the opposite order to their cards
 * (the link's own order was by card, or as stored): "LNK-00" on card 2 … "LNK-nn" on card 1.
 */
async function unlinkedRows(count: number): Promise<{ id: string; providerTransactionId: string }[]> {
  await db().delete(transactions).where(like(transactions.providerTransactionId, "LNK-%"));
  const at = new Date("2026-01-15T10:00:00Z");
  const base = { organizationId: account.organizationId, providerAccountId: account.id, type: "purchase", status: "settled" as const, amount: 100n, currency: "USD", authorisedAt: at, occurredAt: at, occurredAtFromProvider: true };
  const rows = Array.from({ length: count }, (_, index) => ({
    ...base,
    providerTransactionId: `LNK-${String(count - 1 - index).padStart(2, "0")}`,
    providerCardId: index < count / 2 ? CARD_1 : CARD_2,
  }));
  return db().insert(transactions).values(rows).returning({ id: transactions.id, providerTransactionId: transactions.providerTransactionId });
}

/** One correction batch and one link at once, while `held` is held by a third session until both wait. */
async function batchAndLinkAtOnce(held: string): Promise<string[]> {
  const to = ZONES.find((zone) => zone !== storedIn)!;
  await db().transaction((tx) => scheduleTimeZoneCorrection(tx, { providerAccountId: account.id, provider: "cardopenapi", from: storedIn, to }));
  storedIn = to;
  const lease = (await claimTransactionSync(db(), account.id, 60_000))!;
  try {
    await other.query("begin");
    await other.query("select id from transactions where id = $1 for update", [held]);
    const batch = moveTimesToCorrectedZone(db(), lease, { batchRows: 1000, budgetMs: 0 }).then(...outcomeOf("batch"));
    await Promise.race([lockWaitersReach(watcher, 1), batch.then((result) => Promise.reject(new Error(`the batch never met the held row: ${result}`)))]);
    const link = linkUnlinkedTransactions(db(), { providerAccountId: account.id }).then(...outcomeOf("link"));
    await lockWaitersReach(watcher, 2);
    await other.query("commit");
    return await Promise.all([batch, link]);
  } finally {
    await other.query("rollback").catch(() => undefined);
    // A batch that was aborted left the correction pending: it is finished here, so the rows are in `to` either way.
    await moveTimesToCorrectedZone(db(), lease, { budgetMs: 0 });
    await releaseTransactionSync(db(), lease);
  }
}

describe("a time-zone correction batch and the card sync's linking of the same rows", () => {
  it("both finish when the batch waits at a row and the link starts meanwhile (the reviewer's interleaving)", async () => {
    const rows = await unlinkedRows(2);
    const first = rows.find((row) => row.providerTransactionId === "LNK-00")!;
    expect(await batchAndLinkAtOnce(first.id)).toEqual(["batch ok", "link ok (2)"]);
  });

  it("both finish every time, whichever row the batch meets held, and every row ends linked and moved once", async () => {
    const [card1] = await db().select().from(cards).where(eq(cards.providerCardId, CARD_1));
    const [card2] = await db().select().from(cards).where(eq(cards.providerCardId, CARD_2));
    for (let round = 0; round < 12; round += 1) {
      const rows = await unlinkedRows(8);
      const held = rows[(round * 5) % rows.length]!;
      const zoneBefore = storedIn;
      expect({ round, outcomes: await batchAndLinkAtOnce(held.id) }).toEqual({ round, outcomes: ["batch ok", "link ok (8)"] });
      const stored = await db().select().from(transactions).where(like(transactions.providerTransactionId, "LNK-%"));
      expect(stored.map((row) => row.cardId).sort()).toEqual([...Array(4).fill(card1!.id), ...Array(4).fill(card2!.id)].sort());
      expect(new Set(stored.map((row) => row.occurredAt.toISOString()))).toEqual(new Set([expectedInstant(zoneBefore, storedIn)]));
    }
  }, 120_000);
});

/** 2026-01-15 10:00 UTC, written as a wall-clock time in `from` and read again in `to` (no DST change that day). */
function expectedInstant(from: string, to: string): string {
  const offsetMinutes = (zone: string) => {
    const text = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" }).formatToParts(new Date("2026-01-15T10:00:00Z")).find((part) => part.type === "timeZoneName")!.value;
    const match = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(text)!;
    return match[1] ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  };
  return new Date(Date.parse("2026-01-15T10:00:00Z") + (offsetMinutes(from) - offsetMinutes(to)) * 60_000).toISOString();
}
