import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { insertOrder } from "@/db/queries/provider-orders";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";

const database = withTestDatabase();
const db = () => database.db();
const TAG = "0057_statement_card_links";
const MIGRATION = readFileSync(path.join(process.cwd(), `db/migrations/${TAG}.sql`), "utf8");
const cards: Record<string, string> = {};
let accountId = "";
let otherAccountId = "";

beforeAll(async () => {
  await seedOfflineDemo(db());
  const cardepass = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!;
  accountId = cardepass.id;
  const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
  const [otherAccount] = await db()
    .insert(providerAccounts)
    .values({ organizationId: other!.id, provider: "cardepass", label: "Other", baseUrl: "http://127.0.0.1:9", credentialsEncrypted: "x", ...storedWebhookSecret("y") })
    .returning();
  otherAccountId = otherAccount!.id;
  const card = async (name: string, organizationId: string, providerAccountId: string, providerCardId: string | null) =>
    (cards[name] = (await insertCard(db(), { organizationId, providerAccountId, providerCardId, cardModel: "sharebalance", alias: name, currency: "USD", status: "active" })).id);
  await card("imported", cardepass.organizationId, accountId, "P-1");
  await card("issued", cardepass.organizationId, accountId, "P-2");
  await card("first", cardepass.organizationId, accountId, "P-3");
  await card("second", cardepass.organizationId, accountId, "P-4");
  await card("theirs", other!.id, otherAccountId, "P-1");
  const order = (cardId: string, providerOrderId: string) => insertOrder(db(), { organizationId: cardepass.organizationId, providerAccountId: accountId, cardId, type: "issue", status: "completed", providerOrderId });
  await order(cards.issued!, "ORD-1");
  // One number on two of Cardhub's orders with different cards: which card a line of it belongs to cannot be told.
  await order(cards.first!, "ORD-2");
  await order(cards.second!, "ORD-2");
});

/** The tables as migration 0056 left them: neither index. */
async function asBefore() {
  await db().execute(sql.raw(`drop index provider_orders_provider_order_idx; drop index provider_statements_unlinked_idx;`));
}

describe(`migration ${TAG}`, () => {
  it("is the journal's next entry after 0056, so the migrator applies it", () => {
    const journal = JSON.parse(readFileSync(path.join(process.cwd(), "db/migrations/meta/_journal.json"), "utf8")) as { entries: { idx: number; tag: string; when: number }[] };
    const at = journal.entries.findIndex((entry) => entry.tag === TAG);
    const [previous, last] = journal.entries.slice(at - 1, at + 1);
    expect(previous).toMatchObject({ idx: 56, tag: "0056_card_request_submission_id" });
    expect(last).toMatchObject({ idx: 57, tag: TAG });
    expect(last!.when).toBeGreaterThan(previous!.when);
    expect(JSON.parse(readFileSync(path.join(process.cwd(), "db/migrations/meta/0057_snapshot.json"), "utf8"))).toMatchObject({ prevId: expect.any(String) });
  });

  it("links each stored line to the card its account's Cardhub holds for its card id, or for its order number, and no other", async () => {
    await asBefore();
    const line = (account: string, logId: string, providerCardId: string | null, providerOrderId: string | null, cardId: string | null = null) =>
      sql`(${account}::uuid, 'account', ${logId}, ${cardId}::uuid, ${providerCardId}, ${providerOrderId}, 'Consume', 'USD', -100, '2025-04-21T09:56:49Z')`;
    await db().execute(sql`
      insert into provider_statements (provider_account_id, source, provider_log_id, card_id, provider_card_id, provider_order_id, type, currency, amount, occurred_at)
      values ${sql.join(
        [
          line(accountId, "by-card", "P-1", null),
          line(accountId, "by-order", null, "ORD-1"),
          line(accountId, "card-id-wins", "P-1", "ORD-1"),
          line(accountId, "shared-order", null, "ORD-2"),
          line(accountId, "unknown-card", "P-9", "ORD-1"),
          line(accountId, "unknown-order", null, "ORD-9"),
          line(accountId, "already", "P-1", null, cards.first!),
          line(otherAccountId, "their-card", "P-1", null),
          line(otherAccountId, "their-order", null, "ORD-1"),
        ],
        sql`, `,
      )}`);

    await db().execute(sql.raw(MIGRATION));

    const rows = (await db().execute<{ provider_log_id: string; card_id: string | null }>(sql`select provider_log_id, card_id from provider_statements order by provider_log_id`)).rows;
    expect(Object.fromEntries(rows.map((row) => [row.provider_log_id, row.card_id]))).toEqual({
      "by-card": cards.imported,
      "by-order": cards.issued,
      // The card id the line states decides; its order number is only for a line that states none.
      "card-id-wins": cards.imported,
      "shared-order": null,
      "unknown-card": null,
      "unknown-order": null,
      already: cards.first,
      // Another organisation's account: its own card by the same provider card id, never our order's.
      "their-card": cards.theirs,
      "their-order": null,
    });
  });
});
