import { beforeAll, describe, expect, it } from "vitest";
import { transactionTotalsFromRows } from "@/db/queries/transactions";
import { LEDGER_STATUSES, transactions, type LedgerDirection, type LedgerStatus } from "@/db/schema/transactions";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { ledgerRow } from "@/test/rollup-fixtures";
import { sessionUserFor } from "@/test/session-user";
import { KIND_LABELS, ledgerStatusMeaning } from "./labels";

/**
 * The drawer's sentence on what a row's status means for the money, held to the totals beside it: each row of every
 * status, direction and kind is summed on a day of its own by the totals' own query, and what the sentence says
 * (counted as spend, as refunded, not counted, money out, money in) must be what the sums do with it.
 */
const database = withTestDatabase();
const db = () => database.db();
const AMOUNT = 1000n;
const DIRECTIONS: LedgerDirection[] = ["debit", "credit"];

type Case = { status: LedgerStatus; direction: LedgerDirection; type: string; day: string };
const cases: Case[] = [];
let organizationId = "";

beforeAll(async () => {
  const accountId = await seedOfflineDemo(db());
  organizationId = (await sessionUserFor(db(), "finance@demo.test")).organizationId;
  for (const direction of DIRECTIONS)
    for (const status of LEDGER_STATUSES)
      for (const type of Object.keys(KIND_LABELS)) {
        const day = new Date(Date.UTC(2025, 0, 1 + cases.length)).toISOString().slice(0, 10);
        cases.push({ status, direction, type, day });
        await db()
          .insert(transactions)
          .values(ledgerRow({ organizationId, providerAccountId: accountId }, `${direction}-${status}-${type}`, { status, direction, type, amount: AMOUNT, occurredAt: new Date(`${day}T12:00:00Z`) }));
      }
});

/** What a sentence says about the totals, each with the sums it holds for. */
const CLAIMS: { says: RegExp; holds: (sums: { spent: bigint; refunded: bigint }) => boolean }[] = [
  { says: /Counted as spend/, holds: ({ spent, refunded }) => spent === AMOUNT && refunded === 0n },
  { says: /Counted as refunded/, holds: ({ spent, refunded }) => refunded === AMOUNT && spent === 0n },
  { says: /no money moved|no money came onto the card|not counted in the totals/, holds: ({ spent, refunded }) => spent === 0n && refunded === 0n },
  { says: /left the card/, holds: ({ spent }) => spent === AMOUNT },
  // Money that came in never adds to spend (a reversal takes its amount off).
  { says: /reached the card|came back to the card/, holds: ({ spent }) => spent <= 0n },
];

describe("the drawer's status sentence", () => {
  it("says what the totals do with every status, direction and kind of row", async () => {
    const wrong: string[] = [];
    for (const row of cases) {
      const [sums = { spent: 0n, refunded: 0n }] = await transactionTotalsFromRows(db(), {
        organizationId,
        visibility: { all: true },
        filters: { from: row.day, to: row.day },
      });
      const sentence = ledgerStatusMeaning(row);
      const name = `${row.direction} ${row.status} ${row.type} (spent ${sums.spent}, refunded ${sums.refunded}): "${sentence}"`;
      const made = CLAIMS.filter((claim) => claim.says.test(sentence));
      if (made.length === 0) wrong.push(`${name} — says nothing checked here`);
      for (const claim of made) if (!claim.holds(sums)) wrong.push(`${name} — not ${claim.says}`);
      // The other way: what the totals count as spend or money in, the sentence says.
      if (sums.spent > 0n && !/Counted as spend/.test(sentence)) wrong.push(`${name} — is spend but does not say so`);
      if ((sums.spent < 0n || sums.refunded > 0n) && !/reached the card|came back to the card/.test(sentence))
        wrong.push(`${name} — brought money in but does not say so`);
    }
    expect(wrong).toEqual([]);
  });
});
