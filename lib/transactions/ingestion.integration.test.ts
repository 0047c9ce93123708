import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { getTransactionSyncState } from "@/db/queries/transactions-sync";
import { cards } from "@/db/schema/cards";
import { providerAccounts, type ProviderName } from "@/db/schema/provider-accounts";
import { readWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { transactions } from "@/db/schema/transactions";
import { users } from "@/db/schema/users";
import { webhookEvents } from "@/db/schema/webhook-events";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { SYNC_STOPPED_INSIDE_CARDHUB } from "@/lib/provider-accounts/sync-failure-text";
import { providerForAccount } from "@/lib/providers/for-account";
import type { CardProvider } from "@/lib/providers/interface";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { ingestTransactions } from "./ingest";
import { syncAccountTransactions } from "./sync-account";
import { processPendingWebhooks, receiveWebhook } from "./webhooks";
import { linkUnlinkedTransactions } from "@/db/queries/transactions-ingest";
import { teamIdNamed } from "@/test/team-named";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let hook: Server;
const delivered: string[] = [];

async function admin(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${sandbox.url}/_sandbox${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok, `${path}: ${res.status}`).toBe(true);
  return (await res.json()) as Record<string, unknown>;
}

async function account(provider: ProviderName) {
  const [row] = await database
    .db()
    .select()
    .from(providerAccounts)
    .where(eq(providerAccounts.provider, provider))
    .limit(1);
  return { ...row!, webhookSecret: readWebhookSecret(row!.webhookSecretEncrypted)! };
}

/** A webhook body as the route hands it over: a stream. */
const streamOf = (text: string) => new Response(text).body;

async function rowsOf(accountId: string) {
  return database.db().select().from(transactions).where(eq(transactions.providerAccountId, accountId));
}

/** Every transaction the provider lists, by walking its pages directly (the oracle for the sync). */
async function listAll(provider: CardProvider, from: string, to: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await provider.listTransactions({ from, to, cursor, pageSize: 100 });
    for (const item of page.items) ids.add(item.providerTransactionId);
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
}

beforeAll(async () => {
  // The webhook target the sandbox posts to: a plain HTTP server that keeps each body, so the test can deliver the
  // provider's own events to the app's receiver in any order, any number of times.
  hook = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      delivered.push(body);
      response.writeHead(200).end("{}");
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 30 });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  await syncAllCards(database.db());
}, 60_000);
afterAll(async () => {
  await sandbox?.close();
  await new Promise((resolve) => hook?.close(resolve));
});

describe("Cardepass pull by cursor", () => {
  it("resumes from the saved cursor after a crash mid-page: nothing lost, nothing twice", async () => {
    const cardepass = await account("cardepass");
    const real = await providerForAccount(database.db(), cardepass.id);
    const asked: (string | undefined)[] = [];
    const returned: number[] = [];
    const spy = new Proxy(real, {
      get(target, property, receiver) {
        if (property === "listTransactions") {
          return (query: Parameters<CardProvider["listTransactions"]>[0]) => {
            asked.push(query?.cursor);
            expect(query?.pageSize).toBeLessThanOrEqual(100);
            return target.listTransactions(query).then((page) => {
              returned.push(page.items.length);
              return page;
            });
          };
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const [owner] = await database
      .db()
      .select()
      .from(users)
      .where(eq(users.email, "employee@demo.test"))
      .limit(1);
    const issued = await insertCard(database.db(), {
      organizationId: cardepass.organizationId,
      providerAccountId: cardepass.id,
      providerCardId: "66a0c0de0000000000000001",
      cardModel: "sharebalance",
      alias: "Issued through Cardhub",
      currency: "USD",
      ownerUserId: owner!.id,
      teamId: await teamIdNamed(database.db(), "Operations"),
    });
    const now = new Date();
    // The crash: the second page of a window is written, then the process dies before its cursor is saved.
    const crash = syncAccountTransactions(database.db(), cardepass.id, {
      now,
      provider: spy,
      pageSize: 3,
      afterPageWritten: (page) => {
        if (page.cursor !== undefined) throw new Error("simulated crash mid-page");
      },
    });
    await expect(crash).rejects.toThrow("simulated crash");
    const afterCrash = await getTransactionSyncState(database.db(), cardepass.id);
    expect(afterCrash?.state.cursor).toBeTruthy();
    // An error of Cardhub's own: the status keeps the fixed sentence, not its text.
    expect(afterCrash?.lastError).toBe(SYNC_STOPPED_INSIDE_CARDHUB);
    // Only the pages before the crash: the crashed page was rolled back together with its cursor.
    expect(returned.at(-1)).toBe(3);
    expect(await rowsOf(cardepass.id)).toHaveLength(returned.slice(0, -1).reduce((a, b) => a + b, 0));
    const savedCursor = afterCrash!.state.cursor;

    asked.length = 0;
    await syncAccountTransactions(database.db(), cardepass.id, { now, provider: spy, pageSize: 3 });
    expect(asked[0]).toBe(savedCursor);

    const expected = await listAll(real, "2000-01-01", now.toISOString().slice(0, 10));
    const rows = await rowsOf(cardepass.id);
    expect(expected.size).toBeGreaterThan(6);
    expect(new Set(rows.map((row) => row.providerTransactionId))).toEqual(expected);
    expect(rows).toHaveLength(expected.size);
    const done = await getTransactionSyncState(database.db(), cardepass.id);
    expect(done).toMatchObject({ state: {}, lastError: null });
    expect(done?.lastSeenAt).not.toBeNull();
    // Every linked row carries its card's owner and team as they were.
    // Cardepass lists no cards: the one issued through Cardhub is linked, with its owner and team at the time.
    const linked = rows.filter((row) => row.cardId === issued.id);
    expect(linked.length).toBeGreaterThan(0);
    for (const row of linked)
      expect(row).toMatchObject({ ownerUserId: issued.ownerUserId, teamId: issued.teamId });
    expect(
      rows.filter((row) => row.cardId === null && row.providerCardId === "66a0c0de0000000000000001"),
    ).toHaveLength(0);
  }, 60_000);

  it("asks in date windows of at most three months", async () => {
    const cardepass = await account("cardepass");
    const real = await providerForAccount(database.db(), cardepass.id);
    const windows: [string, string][] = [];
    const spy = new Proxy(real, {
      get(target, property, receiver) {
        if (property === "listTransactions") {
          return (query: Parameters<CardProvider["listTransactions"]>[0]) => {
            windows.push([query!.from!, query!.to!]);
            return target.listTransactions(query);
          };
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    await database.db().delete(transactions).where(eq(transactions.providerAccountId, cardepass.id));
    await database
      .db()
      .execute(sql`delete from transaction_sync_states where provider_account_id = ${cardepass.id}`);
    await syncAccountTransactions(database.db(), cardepass.id, { provider: spy });
    expect(windows.length).toBeGreaterThan(1);
    for (const [from, to] of windows) expect(Date.parse(to) - Date.parse(from)).toBeLessThan(92 * 86_400_000);
  }, 60_000);

  it("asks up to the provider's today: in the UTC evening, Shanghai's next day (Cardepass and Card OPEN-API)", async () => {
    const now = new Date(`${new Date().toISOString().slice(0, 10)}T20:00:00Z`);
    const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
    for (const provider of ["cardepass", "cardopenapi"] as const) {
      const target = await account(provider);
      const real = await providerForAccount(database.db(), target.id);
      const ends: string[] = [];
      const spy = new Proxy(real, {
        get(inner, property, receiver) {
          if (property === "listTransactions") {
            return (query: Parameters<CardProvider["listTransactions"]>[0]) => {
              ends.push(query!.to!);
              return inner.listTransactions(query);
            };
          }
          return Reflect.get(inner, property, receiver) as unknown;
        },
      });
      await syncAccountTransactions(database.db(), target.id, { now, provider: spy });
      expect({ provider, lastEnd: ends.at(-1) }).toEqual({ provider, lastEnd: tomorrow });
      // Later tests pull Card OPEN-API afresh.
      if (provider === "cardopenapi") {
        await database.db().delete(transactions).where(eq(transactions.providerAccountId, target.id));
        await database.db().execute(sql`delete from transaction_sync_states where provider_account_id = ${target.id}`);
      }
    }
  }, 60_000);
});

describe("NobePay webhooks", () => {
  it("a wrong secret is 404 and stores nothing; a body that is not a TRANSACTION event is 400 and kept", async () => {
    const nobepay = await account("nobepay");
    const before = await database.db().select().from(webhookEvents);
    const body = JSON.stringify({ eventType: "TRANSACTION", eventId: "ev_wrong", data: {} });
    expect(
      await receiveWebhook(database.db(), {
        provider: "nobepay",
        secret: "x".repeat(32),
        body: streamOf(body),
      }),
    ).toEqual({ status: 404 });
    expect(
      await receiveWebhook(database.db(), {
        provider: "cardepass",
        secret: nobepay.webhookSecret,
        body: streamOf(body),
      }),
    ).toEqual({ status: 404 });
    expect(await database.db().select().from(webhookEvents)).toHaveLength(before.length);

    const other = JSON.stringify({
      eventType: "CARD",
      eventId: "ev_card",
      data: { cardNumber: "5567350000000737" },
    });
    expect(
      await receiveWebhook(database.db(), {
        provider: "nobepay",
        secret: nobepay.webhookSecret,
        body: streamOf(other),
      }),
    ).toMatchObject({ status: 400 });
    expect(
      await receiveWebhook(database.db(), {
        provider: "nobepay",
        secret: nobepay.webhookSecret,
        body: streamOf("not json"),
      }),
    ).toMatchObject({ status: 400 });
    const kept = await database.db().select().from(webhookEvents).where(eq(webhookEvents.eventType, "CARD"));
    expect(kept).toHaveLength(1);
    expect(kept[0]!.error).toMatch(/TRANSACTION/);
    expect(kept[0]!.processedAt).not.toBeNull();
    expect(JSON.stringify(kept[0]!.payload)).not.toContain("5567350000000737");
  });

  it("keeps the provider's ids whole, so the event's row is the poll's row, while a card number in the text is cut", async () => {
    const nobepay = await account("nobepay");
    // Ids are opaque strings ("t_" + hex in the sandbox); this one holds a run of digits that passes the Luhn check.
    const transactionId = "t_4111111111111111ab";
    const cardId = "c_5555555555554444";
    const body = JSON.stringify({
      eventType: "TRANSACTION",
      eventId: "ev_4111111111111111",
      data: { transactionId, cardId, desp: "paid with 4111111111111111", status: "PENDING", preAuthAmount: -250, preAuthCurrency: "USD", preAuthTime: Date.now() },
    });
    expect(await receiveWebhook(database.db(), { provider: "nobepay", secret: nobepay.webhookSecret, body: streamOf(body) })).toMatchObject({ status: 200, eventId: "ev_4111111111111111" });
    const [stored] = await database.db().select().from(webhookEvents).where(eq(webhookEvents.providerEventId, "ev_4111111111111111"));
    expect(JSON.stringify(stored!.payload)).not.toContain("with 4111111111111111");
    await processPendingWebhooks(database.db());
    const [row] = await database.db().select().from(transactions).where(and(eq(transactions.providerAccountId, nobepay.id), eq(transactions.providerTransactionId, transactionId)));
    expect(row).toMatchObject({ providerCardId: cardId, status: "authorised", amount: 250n, description: "paid with 411111…1111" });
  });

  it("refuses a body nested too deep with a 400, and keeps an unparsed body with every digit hidden", async () => {
    const nobepay = await account("nobepay");
    // 50,000 levels in 100 KB, well under the 256 KB cap: deep enough to exhaust the stack of anything that recurses.
    const nested = `{"eventType":"TRANSACTION","eventId":"ev_deep","data":{"transactionId":"t_deep"},"pad":${"[".repeat(50_000)}{}${"]".repeat(50_000)}}`;
    expect(await receiveWebhook(database.db(), { provider: "nobepay", secret: nobepay.webhookSecret, body: streamOf(nested) })).toEqual({
      status: 400,
      message: "The body is nested more than 32 levels deep.",
    });

    const truncated = '{"eventType":"TRANSACTION","data":{"card":"4111 1111 1111 1111","cvv":"123","expiry":"12/29"';
    expect(await receiveWebhook(database.db(), { provider: "nobepay", secret: nobepay.webhookSecret, body: streamOf(truncated) })).toMatchObject({ status: 400 });
    const kept = await database.db().select().from(webhookEvents).where(eq(webhookEvents.providerAccountId, nobepay.id));
    const refusals = kept.filter((event) => event.error?.startsWith("The body"));
    expect(refusals.map((event) => event.error)).toEqual(expect.arrayContaining(["The body is nested more than 32 levels deep.", "The body is not a JSON object."]));
    const unparsed = refusals.find((event) => event.error === "The body is not a JSON object." && JSON.stringify(event.payload).includes("cvv"));
    expect(unparsed!.payload).toEqual({ body: '{"eventType":"TRANSACTION","data":{"card":"#### #### #### ####","cvv":"###","expiry":"##/##"' });
  });

  it("accepts the document's literal examples, stores each event id once, without the card number", async () => {
    const nobepay = await account("nobepay");
    const { readFileSync } = await import("node:fs");
    const names = [
      "webhook-pending",
      "webhook-expired",
      "webhook-reversed",
      "webhook-complete",
      "webhook-refund",
    ];
    for (const name of names) {
      const { body } = JSON.parse(
        readFileSync(new URL(`../providers/nobepay/fixtures/${name}.json`, import.meta.url), "utf8"),
      ) as { body: unknown };
      const receipt = await receiveWebhook(database.db(), {
        provider: "nobepay",
        secret: nobepay.webhookSecret,
        body: streamOf(JSON.stringify(body)),
      });
      expect(receipt, name).toMatchObject({ status: 200, eventId: "ev_xxxxxxxxxxxxxxxxxxxxx" });
    }
    // The five examples reuse one eventId (placeholders): stored once, the first one.
    const stored = await database
      .db()
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.providerEventId, "ev_xxxxxxxxxxxxxxxxxxxxx"));
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored[0]!.payload)).not.toContain("556735XXXXXX0737");
    expect(await processPendingWebhooks(database.db())).toBeGreaterThanOrEqual(1);
    const [row] = await database
      .db()
      .select()
      .from(transactions)
      .where(eq(transactions.providerTransactionId, "t_xxxxxxxxxxxxx"));
    expect(row).toMatchObject({
      status: "authorised",
      amount: 1992n,
      currency: "USD",
      direction: "debit",
      cardId: null,
      providerCardId: "c_xxxxxxxxxxx",
    });
  });

  it("duplicate and out-of-order deliveries, and a poll of the same transaction, converge on one row", async () => {
    const nobepay = await account("nobepay");
    await admin("/webhook-target", { url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook` });
    const state = await admin("/state");
    const card = (state.nobepay as { cards: { cardId: string; status: string }[] }).cards.find(
      (item) => item.status === "ACTIVE",
    )!;
    const purchase = await admin("/purchase", {
      provider: "nobepay",
      cardId: card.cardId,
      amount: "12.34",
      merchant: "OPENAI",
    });
    expect(purchase.approved).toBe(true);
    await admin(`/transactions/${String(purchase.id)}/settle`, { amount: "12.40" });
    const deadline = Date.now() + 5_000;
    const events = () => delivered.filter((body) => body.includes(String(purchase.id)));
    while (events().length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const [pending, complete] = events();
    expect(JSON.parse(pending!).data.status).toBe("PENDING");
    expect(JSON.parse(complete!).data.status).toBe("COMPLETE");

    // Settled first, then the older PENDING, then both again: the status never moves back.
    for (const body of [complete!, pending!, complete!, pending!]) {
      expect(
        await receiveWebhook(database.db(), {
          provider: "nobepay",
          secret: nobepay.webhookSecret,
          body: streamOf(body),
        }),
      ).toMatchObject({ status: 200 });
      await processPendingWebhooks(database.db());
    }
    const byId = and(
      eq(transactions.providerAccountId, nobepay.id),
      eq(transactions.providerTransactionId, String(purchase.id)),
    );
    const afterWebhooks = await database.db().select().from(transactions).where(byId);
    expect(afterWebhooks).toHaveLength(1);
    expect(afterWebhooks[0]).toMatchObject({
      status: "settled",
      amount: 1240n,
      authorisedAmount: 1234n,
      settledAmount: 1240n,
      direction: "debit",
      declineReason: null,
    });
    expect(afterWebhooks[0]!.cardId).not.toBeNull();

    // The backstop poll reads the same transaction from card/transaction/list: still one row, same values.
    await syncAccountTransactions(database.db(), nobepay.id);
    const afterPoll = await database.db().select().from(transactions).where(byId);
    expect(afterPoll).toHaveLength(1);
    expect(afterPoll[0]).toMatchObject({
      id: afterWebhooks[0]!.id,
      status: "settled",
      amount: 1240n,
      settledAmount: 1240n,
    });

    // And the other way round: a poll first, then the webhooks of a new purchase.
    const second = await admin("/purchase", {
      provider: "nobepay",
      cardId: card.cardId,
      amount: "3.00",
      merchant: "GITHUB",
      settle: true,
    });
    await syncAccountTransactions(database.db(), nobepay.id);
    const deadline2 = Date.now() + 5_000;
    while (delivered.filter((body) => body.includes(String(second.id))).length < 2 && Date.now() < deadline2)
      await new Promise((resolve) => setTimeout(resolve, 20));
    for (const body of delivered.filter((item) => item.includes(String(second.id))))
      await receiveWebhook(database.db(), {
        provider: "nobepay",
        secret: nobepay.webhookSecret,
        body: streamOf(body),
      });
    await processPendingWebhooks(database.db());
    const secondRows = await database
      .db()
      .select()
      .from(transactions)
      .where(
        and(
          eq(transactions.providerAccountId, nobepay.id),
          eq(transactions.providerTransactionId, String(second.id)),
        ),
      );
    expect(secondRows).toHaveLength(1);
    expect(secondRows[0]).toMatchObject({ status: "settled", amount: 300n });
  }, 30_000);

  it("a forged final state sent to the webhook URL is put right by the next read of the provider's list", async () => {
    const nobepay = await account("nobepay");
    const state = await admin("/state");
    const card = (state.nobepay as { cards: { cardId: string; status: string }[] }).cards.find((item) => item.status === "ACTIVE")!;
    const purchase = await admin("/purchase", { provider: "nobepay", cardId: card.cardId, amount: "7.00", merchant: "OPENAI", settle: true });
    await syncAccountTransactions(database.db(), nobepay.id);
    const byId = and(eq(transactions.providerAccountId, nobepay.id), eq(transactions.providerTransactionId, String(purchase.id)));
    const [settled] = await database.db().select().from(transactions).where(byId);
    expect(settled).toMatchObject({ status: "settled", amount: 700n });

    // Someone holding the URL says the purchase was reversed, with update times no read of the list could beat:
    // nobepay.md's card/transaction/list fields carry no gmtModified, only the webhook's do.
    const forged = (eventId: string, gmtModified: number) =>
      JSON.stringify({
        eventType: "TRANSACTION",
        eventId,
        data: { transactionId: String(purchase.id), cardId: card.cardId, status: "REVERSED", preAuthAmount: -1, preAuthCurrency: "USD", preAuthTime: Date.now(), gmtModified },
      });
    // A time in the year 3000 is not taken: the event describes no known moment and loses to the list's dated read.
    expect(await receiveWebhook(database.db(), { provider: "nobepay", secret: nobepay.webhookSecret, body: streamOf(forged("ev_forged_far", Date.UTC(3000, 0, 1))) })).toMatchObject({ status: 200 });
    await processPendingWebhooks(database.db());
    const [kept] = await database.db().select().from(transactions).where(byId);
    expect(kept).toMatchObject({ status: "settled", amount: 700n });
    expect(kept!.providerUpdatedAt!.getTime()).toBeLessThan(Date.now());

    // A plausible time wins for now (the URL is NobePay's only authentication: rotate it if it leaked)...
    const now = Date.now();
    expect(await receiveWebhook(database.db(), { provider: "nobepay", secret: nobepay.webhookSecret, body: streamOf(forged("ev_forged_now", now)) })).toMatchObject({ status: 200 });
    await processPendingWebhooks(database.db());
    const [taken] = await database.db().select().from(transactions).where(byId);
    expect(taken).toMatchObject({ status: "reversed", providerUpdatedAt: new Date(now) });
    // ...until the list, read after it and still saying COMPLETE, puts the purchase back as spend.
    await syncAccountTransactions(database.db(), nobepay.id);
    const [restored] = await database.db().select().from(transactions).where(byId);
    expect(restored).toMatchObject({ status: "settled", amount: 700n });
  }, 30_000);

  it("a COMPLETE or REFUND event's reason is not a decline", async () => {
    const [row] = await database
      .db()
      .select()
      .from(transactions)
      .where(eq(transactions.status, "settled"))
      .limit(1);
    expect(row!.declineReason).toBeNull();
    const declined = await database
      .db()
      .select()
      .from(transactions)
      .where(eq(transactions.status, "declined"));
    for (const item of declined) expect(item.declineReason).toBeTruthy();
  });
});

describe("cards that appear later, and the other providers", () => {
  it("keeps a transaction of an unknown card and links it, with owner and team, when the card appears", async () => {
    const nobepay = await account("nobepay");
    const [owner] = await database.db().select().from(users).limit(1);
    await ingestTransactions(database.db(), { id: nobepay.id, organizationId: nobepay.organizationId }, [
      {
        provider: "nobepay",
        providerTransactionId: "t_later_card",
        providerCardId: "c_later",
        status: "completed",
        providerStatus: "COMPLETE",
        kind: "purchase",
        providerType: null,
        amount: { amount: -500n, currency: "USD" },
        originalAmount: null,
        authAmount: { amount: -500n, currency: "USD" },
        merchantName: "LATER",
        merchantCountry: null,
        description: null,
        authCode: null,
        failureReason: null,
        authorizedAt: new Date("2026-01-01T00:00:00Z"),
        settledAt: new Date("2026-01-02T00:00:00Z"),
        occurredAt: new Date("2026-01-02T00:00:00Z"),
      },
    ]);
    const card = await insertCard(database.db(), {
      organizationId: nobepay.organizationId,
      providerAccountId: nobepay.id,
      providerCardId: "c_later",
      cardModel: "prepaid",
      alias: "Later card",
      currency: "USD",
      ownerUserId: owner!.id,
    });
    expect(await linkUnlinkedTransactions(database.db(), { providerAccountId: nobepay.id })).toBe(1);
    const [row] = await database
      .db()
      .select()
      .from(transactions)
      .where(eq(transactions.providerTransactionId, "t_later_card"));
    expect(row).toMatchObject({
      cardId: card.id,
      ownerUserId: owner!.id,
      status: "settled",
      occurredAt: new Date("2026-01-01T00:00:00Z"),
    });
    // A later reassignment does not rewrite history.
    await database.db().update(cards).set({ ownerUserId: null }).where(eq(cards.id, card.id));
    await ingestTransactions(database.db(), { id: nobepay.id, organizationId: nobepay.organizationId }, []);
    const [again] = await database
      .db()
      .select()
      .from(transactions)
      .where(eq(transactions.providerTransactionId, "t_later_card"));
    expect(again!.ownerUserId).toBe(owner!.id);
  });

  it("cardopenapi's trade list is pulled the same way, and a second pull changes nothing", async () => {
    const cardopenapi = await account("cardopenapi");
    const first = await syncAccountTransactions(database.db(), cardopenapi.id);
    expect(first.inserted).toBeGreaterThan(0);
    const rows = await rowsOf(cardopenapi.id);
    const second = await syncAccountTransactions(database.db(), cardopenapi.id);
    expect(second.inserted).toBe(0);
    expect(await rowsOf(cardopenapi.id)).toHaveLength(rows.length);
  }, 30_000);
});
