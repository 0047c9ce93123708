import { describe, expect, it } from "vitest";
import { envelopeSchema } from "@/lib/providers/cardepass/types";
import { toTransactionPage as cardepassPage } from "@/lib/providers/cardepass/transform";
import { toTransaction as cardopenapiTrade } from "@/lib/providers/cardopenapi/transform";
import { toWebhookEvent } from "@/lib/providers/nobepay/transform";
import type { Transaction } from "@/lib/providers/types";
import { PROVIDER_CLOCK_AHEAD_MS, toLedgerRow } from "./ledger-row";
import { stripCardData } from "./strip-card-data";

const received = new Date("2026-01-01T00:00:00Z");

function cardepassV2(status: string, extra: Record<string, unknown> = {}): Transaction {
  const envelope = envelopeSchema.parse({
    data: [
      {
        transactionId: "t1",
        cardId: "c1",
        amount: -12.5,
        currency: "USD",
        transactionType: "Purchase",
        status,
        transactionTime: "2025-01-20T14:30:00Z",
        ...extra,
      },
    ],
    hasError: false,
  });
  return cardepassPage(envelope).items[0]!;
}

const nobepayEvent = (status: string, data: Record<string, unknown>) =>
  toWebhookEvent({
    eventType: "TRANSACTION",
    eventId: "ev1",
    data: { transactionId: "t1", cardId: "c1", status, ...data },
  }).transaction!;

describe("provider transaction → ledger row", () => {
  it("Cardepass v2 Pending is an authorisation with no settlement time, held as spend", () => {
    const row = toLedgerRow(cardepassV2("Pending"), received);
    expect(row).toMatchObject({
      status: "authorised",
      settledAt: null,
      settledAmount: null,
      authorisedAmount: 1250n,
      amount: 1250n,
      direction: "debit",
    });
    expect(row.occurredAt).toEqual(new Date("2025-01-20T14:30:00Z"));
  });

  it("Cardepass v2 Failed (a declined, reversed or expired authorisation) is not a charge", () => {
    const row = toLedgerRow(cardepassV2("Failed"), received);
    expect(row.status).toBe("declined");
    expect(row.settledAmount).toBeNull();
    expect(row.settledAt).toBeNull();
  });

  // cardepass-v2.md: "| transactionTime | string | 交易时间 | 交易发生时间戳 |": when it happened; v2 names no settlement time.
  it("Cardepass v2 Success is settled, at a time the provider does not give", () => {
    expect(toLedgerRow(cardepassV2("Success"), received)).toMatchObject({
      status: "settled",
      settledAmount: 1250n,
      settledAt: null,
      occurredAt: new Date("2025-01-20T14:30:00Z"),
    });
  });

  it("NobePay's reason on COMPLETE and REFUND is not a decline (nobepay.md: both examples say “balance not enough”)", () => {
    const complete = toLedgerRow(
      nobepayEvent("COMPLETE", {
        reason: "balance not enough",
        preAuthAmount: -1992,
        transactionAmount: -1992,
        transactionTime: 1652262674000,
      }),
      received,
    );
    expect(complete).toMatchObject({
      status: "settled",
      declineReason: null,
      providerDeclineReason: null,
      amount: 1992n,
      direction: "debit",
    });
    const refund = toLedgerRow(
      nobepayEvent("REFUND", {
        reason: "balance not enough",
        transactionAmount: 1992,
        transactionTime: 1652262674000,
      }),
      received,
    );
    expect(refund).toMatchObject({
      status: "refunded",
      declineReason: null,
      amount: 1992n,
      direction: "credit",
    });
    const declined = toLedgerRow(
      nobepayEvent("DECLINED", {
        reason: "balance not enough",
        preAuthAmount: -1000,
        preAuthTime: 1652262674000,
      }),
      received,
    );
    expect(declined).toMatchObject({
      status: "declined",
      providerDeclineReason: "balance not enough",
      declineReason: "Not enough money on the card or funding account",
    });
  });

  it("NobePay REVERSED and EXPIRED authorisations are final and carry no settlement", () => {
    for (const [status, expected] of [
      ["REVERSED", "reversed"],
      ["EXPIRED", "expired"],
    ] as const) {
      const row = toLedgerRow(
        nobepayEvent(status, {
          preAuthAmount: -1992,
          preAuthTime: 1652262674000,
          gmtModified: 1655562674000,
        }),
        received,
      );
      expect(row).toMatchObject({
        status: expected,
        statusRank: 2,
        settledAmount: null,
        providerUpdatedAt: new Date(1655562674000),
      });
    }
  });

  it("orders reports by the moment they describe: the provider's update time, else a list's read; never the future", () => {
    const event = (gmtModified?: number) => nobepayEvent("COMPLETE", { preAuthAmount: -100, transactionAmount: -100, ...(gmtModified === undefined ? {} : { gmtModified }) });
    // A list read (no update time in nobepay.md's list fields) describes the transaction as of when it was read;
    // a webhook without a time describes no known moment.
    expect(toLedgerRow(event(), received, "list").providerUpdatedAt).toEqual(received);
    expect(toLedgerRow(event(), received, "webhook").providerUpdatedAt).toBeNull();
    // The provider's clock a little ahead of ours is its own business (up to PROVIDER_CLOCK_AHEAD_MS).
    const ahead = received.getTime() + PROVIDER_CLOCK_AHEAD_MS;
    expect(toLedgerRow(event(ahead), received, "webhook").providerUpdatedAt).toEqual(new Date(ahead));
    // Beyond it the time is not taken: a report cannot describe a later moment than its arrival.
    expect(toLedgerRow(event(ahead + 1), received, "webhook").providerUpdatedAt).toBeNull();
    expect(toLedgerRow(event(Date.UTC(3000, 0, 1)), received, "webhook").providerUpdatedAt).toBeNull();
    expect(toLedgerRow(event(Date.UTC(3000, 0, 1)), received, "list").providerUpdatedAt).toEqual(received);
  });

  it("a transaction with no time at all is placed when it was received", () => {
    expect(toLedgerRow(nobepayEvent("PENDING", { preAuthAmount: -100 }), received).occurredAt).toEqual(
      received,
    );
  });
});

describe("when a row happened, and whose time that is", () => {
  const trade = (extra: Record<string, unknown>) =>
    cardopenapiTrade({ trade_id: "t", card_id: "c1", trade_type: 1, amount: "-5.00", currency: "USD", trade_at: "", settle_at: "", ...extra }, { timeZone: "UTC", currency: "USD" });

  it("a still-processing, declined, reversed or expired trade with only the provider's settlement time happened then, a provider's time", () => {
    for (const trade_status of [1, 3, 4, 5]) {
      const row = toLedgerRow(trade({ trade_status, settle_at: "2026-05-31 22:30:00" }), received, "list");
      expect(row).toMatchObject({ authorisedAt: null, settledAt: null, occurredAt: new Date("2026-05-31T22:30:00Z"), occurredAtFromProvider: true });
    }
  });

  it("the authorisation time first, then the settlement time; only a report with neither takes when it was received", () => {
    expect(toLedgerRow(trade({ trade_status: 2, trade_at: "2026-05-31 22:00:00", settle_at: "2026-06-01 01:00:00" }), received, "list")).toMatchObject({
      occurredAt: new Date("2026-05-31T22:00:00Z"),
      occurredAtFromProvider: true,
    });
    expect(toLedgerRow(trade({ trade_status: 1 }), received, "list")).toMatchObject({ occurredAt: received, occurredAtFromProvider: false });
    expect(toLedgerRow(nobepayEvent("PENDING", { preAuthAmount: -100 }), received)).toMatchObject({ occurredAt: received, occurredAtFromProvider: false });
  });
});

describe("stored webhook payloads", () => {
  it("drop card-number keys and cut anything that could be a card number, keeping epoch times", () => {
    const stripped = stripCardData({
      data: {
        cardNumber: "5567350000000737",
        note: "paid with 4111111111111111",
        preAuthTime: "1652262674000",
        nested: [{ cvv: "123" }],
      },
    });
    expect(stripped).toEqual({
      data: { note: "paid with 411111…1111", preAuthTime: "1652262674000", nested: [{}] },
    });
  });

  it("keep the ids the event's job reads back whole, even with a digit run that passes the Luhn check", () => {
    const ids = { eventId: "ev_4111111111111111", transactionId: "t_4111111111111111ab", cardId: "c_5555555555554444" };
    const keep = new Set(Object.keys(ids));
    expect(stripCardData({ ...ids, data: { ...ids, desp: "4111111111111111" } }, keep)).toEqual({ ...ids, data: { ...ids, desp: "411111…1111" } });
    // Any other key is cut, an id-like one included (cardCustomerId is free text); and nothing is kept unless named.
    expect(stripCardData({ cardCustomerId: "4111111111111111" }, keep)).toEqual({ cardCustomerId: "411111…1111" });
    expect(stripCardData(ids)).toEqual({ eventId: "ev_411111…1111", transactionId: "t_411111…1111ab", cardId: "c_555555…4444" });
  });
});
