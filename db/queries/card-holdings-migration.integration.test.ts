/**
 * Migration 0052 keeps who held a card when (card_holdings) from now on. Cardhub kept no earlier holder, so every card
 * already there holds its current owner and team from -infinity (a card never assigned holds none until it is); rows
 * already stored keep what they were given.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertCard, updateCard } from "@/db/queries/card-updates";
import { cardHoldings } from "@/db/schema/card-holdings";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor } from "@/test/session-user";

const database = withTestDatabase();
const db = () => database.db();
const TAG = "0052_card_holdings";
const MIGRATION = readFileSync(path.join(process.cwd(), `db/migrations/${TAG}.sql`), "utf8");
let eli: SessionUser;
let emma: SessionUser;
let account: { id: string; organizationId: string };

const holdingsOf = (cardId: string) =>
  db()
    .select({ ownerUserId: cardHoldings.ownerUserId, teamId: cardHoldings.teamId, opening: sql<boolean>`${cardHoldings.validFrom} = '-infinity'` })
    .from(cardHoldings)
    .where(eq(cardHoldings.cardId, cardId))
    .orderBy(asc(cardHoldings.validFrom));

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  [eli, emma] = [await sessionUserFor(db(), "employee@demo.test"), await sessionUserFor(db(), "employee2@demo.test")];
  const [nobepay] = await db().select().from(providerAccounts).where(eq(providerAccounts.provider, "nobepay"));
  account = { id: nobepay!.id, organizationId: nobepay!.organizationId };
});

describe(`migration ${TAG}`, () => {
  it("is the journal's entry after 0051, so the migrator applies it", () => {
    const journal = JSON.parse(readFileSync(path.join(process.cwd(), "db/migrations/meta/_journal.json"), "utf8")) as { entries: { idx: number; tag: string; when: number }[] };
    const at = journal.entries.findIndex((entry) => entry.tag === TAG);
    expect(journal.entries[at - 1]).toMatchObject({ idx: 51, tag: "0051_zone_read_times" });
    expect(journal.entries[at]).toMatchObject({ idx: 52 });
    expect(journal.entries[at]!.when).toBeGreaterThan(journal.entries[at - 1]!.when);
  });

  it("gives every card already there its current owner and team from -infinity, and records changes from then on", async () => {
    await db().execute(sql.raw(`
      drop trigger cards_holdings_on_insert on cards;
      drop trigger cards_holdings_on_change on cards;
      drop function card_holdings_on_insert();
      drop function card_holdings_on_change();
      drop table card_holdings;
    `));
    // Before the migration: Eli's card, a card handed from Eli to Emma, and a card imported unassigned.
    const elis = await activeCardOf(db(), { user: eli, providerAccountId: account.id });
    const handedOn = await activeCardOf(db(), { user: eli, providerAccountId: account.id });
    await updateCard(db(), handedOn, { ownerUserId: emma.id, teamId: emma.teamIds[0]! });
    const imported = await insertCard(db(), {
      organizationId: account.organizationId, providerAccountId: account.id, providerCardId: "c_imported", cardModel: "prepaid",
      alias: "Imported", currency: "USD", status: "active", balance: 0n,
    });

    await db().execute(sql.raw(MIGRATION));

    expect(await holdingsOf(elis)).toEqual([{ ownerUserId: eli.id, teamId: eli.teamIds[0], opening: true }]);
    expect(await holdingsOf(handedOn)).toEqual([{ ownerUserId: emma.id, teamId: emma.teamIds[0], opening: true }]);
    expect(await holdingsOf(imported.id)).toEqual([]);

    await updateCard(db(), elis, { ownerUserId: emma.id, teamId: emma.teamIds[0]! });
    expect(await holdingsOf(elis)).toEqual([
      { ownerUserId: eli.id, teamId: eli.teamIds[0], opening: true },
      { ownerUserId: emma.id, teamId: emma.teamIds[0], opening: false },
    ]);
    await updateCard(db(), imported.id, { ownerUserId: eli.id, teamId: eli.teamIds[0]! });
    expect(await holdingsOf(imported.id)).toEqual([{ ownerUserId: eli.id, teamId: eli.teamIds[0], opening: true }]);
    const fresh = await activeCardOf(db(), { user: eli, providerAccountId: account.id });
    expect(await holdingsOf(fresh)).toEqual([{ ownerUserId: eli.id, teamId: eli.teamIds[0], opening: true }]);
  });
});
