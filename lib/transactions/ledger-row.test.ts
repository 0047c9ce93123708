import { describe, expect, it } from "vitest";
import { envelopeSchema } from "@/lib/providers/cardepass/types";
import { toTransactionPage as cardepassPage } from "@/lib/providers/cardepass/transform";
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

  it("orders reports by the moment they describe: the provider's update time, else when it was read; never the future", () => {
    const event = (gmtModified?: number) => nobepayEvent("COMPLETE", { preAuthAmount: -100, transactionAmount: -100, ...(gmtModified === undefined ? {} : { gmtModified }) });
    // A list read (no update time in nobepay.md's list fields) describes the transaction as of when it was read.
    expect(toLedgerRow(event(), received).providerUpdatedAt).toEqual(received);
    // The provider's clock a little ahead of ours is its own business (up to PROVIDER_CLOCK_AHEAD_MS).
    const ahead = received.getTime() + PROVIDER_CLOCK_AHEAD_MS;
    expect(toLedgerRow(event(ahead), received).providerUpdatedAt).toEqual(new Date(ahead));
    // Beyond it the report cannot describe a later moment than its arrival.
    expect(toLedgerRow(event(ahead + 1), received).providerUpdatedAt).toEqual(received);
    expect(toLedgerRow(event(Date.UTC(3000, 0, 1)), received).providerUpdatedAt).toEqual(received);
  });

  it("a transaction with no time at all is placed when it was received", () => {
    expect(toLedgerRow(nobepayEvent("PENDING", { preAuthAmount: -100 }), received).occurredAt).toEqual(
      received,
    );
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

  it("keep identifiers whole, even with a digit run that passes the Luhn check", () => {
    const ids = { id: "4111111111111111", eventId: "ev_4111111111111111", transactionId: "t_4111111111111111ab", cardId: "c_5567350000000737", card_id: "5567350000000737" };
    expect(stripCardData({ ...ids, data: { ...ids, desp: "4111111111111111" } })).toEqual({ ...ids, data: { ...ids, desp: "411111…1111" } });
    // Not an identifier: the key only ends in the letters.
    expect(stripCardData({ paid: "4111111111111111" })).toEqual({ paid: "411111…1111" });
  });
});
