/**
 * MONEY: a stored transaction that moved money on a card makes the card read again (IngestSummary.movedCardIds,
 * queued by the sync and webhook jobs: lib/jobs/refresh-card-job.ts), so the balance a cancel or withdrawal is weighed
 * against follows a purchase within seconds, not at the next periodic card sync (review: a card page listing a $12.34
 * purchase while its balance, and the cancel dialog, still said what the card held before it).
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { findCard, updateCard } from "@/db/queries/card-updates";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { nobepayPurchase } from "@/test/nobepay-trade";
import { sessionUserFor } from "@/test/session-user";
import { ingestTransactions } from "./ingest";

const database = withTestDatabase();
const db = () => database.db();
let account: { id: string; organizationId: string };
let cardId = "";
let providerCardId = "";

/** A NobePay trade-list row (nobepay.md) of `cents` on the card, in the given status, authorised two hours ago. */
const nobepayRow = (id: string, cents: number, status: "PENDING" | "COMPLETE" | "DECLINED" | "REVERSED") => nobepayPurchase(id, providerCardId, cents, new Date(Date.now() - 2 * 3_600_000), status);

const ingest = async (...rows: ReturnType<typeof nobepayRow>[]) => [...(await ingestTransactions(db(), account, rows, new Date(), "list")).movedCardIds];

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const [nobepay] = await db().select().from(providerAccounts).where(eq(providerAccounts.provider, "nobepay"));
  account = { id: nobepay!.id, organizationId: nobepay!.organizationId };
  cardId = await activeCardOf(db(), { user: await sessionUserFor(db(), "employee@demo.test"), providerAccountId: account.id });
  providerCardId = `c_moved_${Date.now()}`;
  await updateCard(db(), cardId, { providerCardId });
  expect((await findCard(db(), cardId))?.providerCardId).toBe(providerCardId);
});

describe("which stored rows have their card read again", () => {
  it("a new purchase, and each change of its status, but not the same report again", async () => {
    expect(await ingest(nobepayRow("t-moved-1", 1_234, "PENDING"))).toEqual([cardId]);
    expect(await ingest(nobepayRow("t-moved-1", 1_234, "PENDING"))).toEqual([]);
    expect(await ingest(nobepayRow("t-moved-1", 1_234, "COMPLETE"))).toEqual([cardId]);
    expect(await ingest(nobepayRow("t-moved-1", 1_234, "COMPLETE"))).toEqual([]);
  });

  it("not a new decline, which moved no money; a held amount let go does", async () => {
    expect(await ingest(nobepayRow("t-moved-2", 8_000, "DECLINED"))).toEqual([]);
    expect(await ingest(nobepayRow("t-moved-3", 500, "PENDING"))).toEqual([cardId]);
    expect(await ingest(nobepayRow("t-moved-3", 500, "REVERSED"))).toEqual([cardId]);
  });

  it("a row listed twice on one page counts its first write: one card, once", async () => {
    expect(await ingest(nobepayRow("t-moved-4", 700, "PENDING"), nobepayRow("t-moved-4", 700, "PENDING"))).toEqual([cardId]);
  });

  it("not a row whose card Cardhub does not know yet: there is no card to read", async () => {
    const unknown = { ...nobepayRow("t-moved-5", 900, "PENDING"), providerCardId: "c_nobody" };
    expect([...(await ingestTransactions(db(), account, [unknown], new Date(), "list")).movedCardIds]).toEqual([]);
  });
});
