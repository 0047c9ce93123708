import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findUserByEmail } from "@/db/queries/users";
import { cards } from "@/db/schema/cards";
import { notifications } from "@/db/schema/notifications";
import { seedDemo } from "@/db/seed";
import type { Transaction } from "@/lib/providers/types";
import { ingestTransactions, type IngestAccount } from "@/lib/transactions/ingest";
import { withTestDatabase } from "@/test/database";

const database = withTestDatabase();
const RECEIVED = new Date("2026-12-01T10:00:00Z");
let account: IngestAccount;
let eliId = "";
let eliCardId = "";
let sequence = 0;

/** A NobePay purchase as the adapter hands it over, on one provider card. */
function purchase(providerCardId: string, options: { status: "declined" | "completed" | "pending"; at: string; merchant?: string; amount?: bigint; reason?: string }): Transaction {
  sequence += 1;
  const at = new Date(options.at);
  return {
    provider: "nobepay",
    providerTransactionId: `decline-notice-${sequence}`,
    providerCardId,
    status: options.status,
    providerStatus: options.status === "declined" ? "FAIL" : "SUCCESS",
    kind: "purchase",
    providerType: "CONSUME",
    amount: { amount: -(options.amount ?? 26_696n), currency: "USD" },
    originalAmount: null,
    authAmount: null,
    merchantName: options.merchant ?? "LUFTHANSA",
    merchantCountry: "DE",
    description: null,
    authCode: null,
    failureReason: options.status === "declined" ? (options.reason ?? "Insufficient balance") : null,
    authorizedAt: at,
    settledAt: options.status === "completed" ? at : null,
    occurredAt: at,
  };
}

async function noticesFor(userId: string) {
  return database.db().select().from(notifications).where(eq(notifications.recipientUserId, userId));
}

beforeAll(async () => {
  await seedDemo(database.db(), { sandboxUrl: "http://127.0.0.1:9" });
  const nobepay = (await listProviderAccounts(database.db())).find((row) => row.provider === "nobepay")!;
  account = { id: nobepay.id, organizationId: nobepay.organizationId };
  eliId = (await findUserByEmail(database.db(), "employee@demo.test"))!.id;
  const card = await insertCard(database.db(), {
    organizationId: account.organizationId,
    providerAccountId: account.id,
    providerCardId: "c_decline_owned",
    cardModel: "prepaid",
    alias: "Eli – Travel",
    currency: "USD",
    status: "active",
    ownerUserId: eliId,
  });
  eliCardId = card.id;
  await insertCard(database.db(), {
    organizationId: account.organizationId,
    providerAccountId: account.id,
    providerCardId: "c_decline_company",
    cardModel: "prepaid",
    alias: "Company card",
    currency: "USD",
    status: "active",
  });
});

describe("a cardholder hears about a decline", () => {
  it("the first decline of the day notifies the card's holder, in plain words, linking the card", async () => {
    await ingestTransactions(database.db(), account, [purchase("c_decline_owned", { status: "declined", at: "2026-12-01T09:30:00Z" })], RECEIVED);
    const notices = await noticesFor(eliId);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      kind: "card.declined",
      title: "Your card “Eli – Travel” was declined",
      body: "LUFTHANSA for $266.96: Not enough money on the card or funding account.",
      href: `/cards/${eliCardId}`,
      readAt: null,
    });
  });

  it("the same decline arriving again, or more declines that day, add nothing", async () => {
    const again = purchase("c_decline_owned", { status: "declined", at: "2026-12-01T09:30:00Z" });
    again.providerTransactionId = "decline-notice-1";
    await ingestTransactions(database.db(), account, [again, purchase("c_decline_owned", { status: "declined", at: "2026-12-01T09:45:00Z", merchant: "UBER TRIP" })], RECEIVED);
    expect(await noticesFor(eliId)).toHaveLength(1);
  });

  it("a decline on the next UTC day notifies again", async () => {
    await ingestTransactions(database.db(), account, [purchase("c_decline_owned", { status: "declined", at: "2026-12-02T00:05:00Z", merchant: "GRAB", amount: 4_992n })], new Date("2026-12-02T00:06:00Z"));
    const notices = await noticesFor(eliId);
    expect(notices).toHaveLength(2);
    expect(notices.map((notice) => notice.body)).toContain("GRAB for $49.92: Not enough money on the card or funding account.");
  });

  it("a held authorisation that the provider later reports declined notifies once", async () => {
    const held = purchase("c_decline_owned", { status: "pending", at: "2026-12-05T14:00:00Z", merchant: "HOTEL ADLON", amount: 48_000n });
    await ingestTransactions(database.db(), account, [held], new Date("2026-12-05T14:00:05Z"));
    expect((await noticesFor(eliId)).map((notice) => notice.body)).not.toContain("HOTEL ADLON for $480.00: Not enough money on the card or funding account.");
    const declined = { ...held, status: "declined" as const, providerStatus: "FAIL", failureReason: "Insufficient balance" };
    await ingestTransactions(database.db(), account, [declined], new Date("2026-12-05T14:02:00Z"));
    await ingestTransactions(database.db(), account, [declined], new Date("2026-12-05T14:30:00Z"));
    const bodies = (await noticesFor(eliId)).map((notice) => notice.body);
    expect(bodies.filter((body) => body === "HOTEL ADLON for $480.00: Not enough money on the card or funding account.")).toHaveLength(1);
  });

  it("an authorisation declined after its card changed hands tells the person it belongs to, not the new holder", async () => {
    const emmaId = (await findUserByEmail(database.db(), "employee2@demo.test"))!.id;
    const held = purchase("c_decline_owned", { status: "pending", at: "2026-12-07T08:00:00Z", merchant: "TRAIN TICKET", amount: 12_000n });
    await ingestTransactions(database.db(), account, [held], new Date("2026-12-07T08:00:05Z"));
    // The card is handed to Emma; the row stays Eli's (it was spent by him), and so does the news of its decline.
    await database.db().update(cards).set({ ownerUserId: emmaId }).where(eq(cards.id, eliCardId));
    try {
      const declined = { ...held, status: "declined" as const, providerStatus: "FAIL", failureReason: "Insufficient balance" };
      await ingestTransactions(database.db(), account, [declined], new Date("2026-12-07T08:05:00Z"));
      const body = "TRAIN TICKET for $120.00: Not enough money on the card or funding account.";
      expect((await noticesFor(eliId)).map((notice) => notice.body)).toContain(body);
      expect((await noticesFor(emmaId)).map((notice) => notice.body)).not.toContain(body);
    } finally {
      await database.db().update(cards).set({ ownerUserId: eliId }).where(eq(cards.id, eliCardId));
    }
  });

  it("a settled purchase reported declined afterwards does not notify", async () => {
    const settled = purchase("c_decline_owned", { status: "completed", at: "2026-12-06T09:00:00Z", merchant: "BAKERY" });
    await ingestTransactions(database.db(), account, [settled], new Date("2026-12-06T09:00:05Z"));
    const before = (await noticesFor(eliId)).length;
    const stale = { ...settled, status: "declined" as const, providerStatus: "FAIL", failureReason: "Insufficient balance", settledAt: null };
    await ingestTransactions(database.db(), account, [stale], new Date("2026-12-06T09:01:00Z"));
    expect(await noticesFor(eliId)).toHaveLength(before);
  });

  it("approved purchases, declines from a first sync's history and company cards notify nobody", async () => {
    const before = await database.db().select().from(notifications);
    await ingestTransactions(
      database.db(),
      account,
      [
        purchase("c_decline_owned", { status: "completed", at: "2026-12-03T08:00:00Z" }),
        // Happened three days before it reached Cardhub: history, not news.
        purchase("c_decline_owned", { status: "declined", at: "2026-11-28T08:00:00Z" }),
        purchase("c_decline_company", { status: "declined", at: "2026-12-03T08:00:00Z" }),
      ],
      new Date("2026-12-03T09:00:00Z"),
    );
    expect(await database.db().select().from(notifications)).toHaveLength(before.length);
  });
});
