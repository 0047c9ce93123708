import { describe, expect, it } from "vitest";
import { looksLikeCardNumber, redactSummary } from "./redact";

// Minor units that happen to look like card numbers: a scheme prefix, a scheme length and a valid check digit.
const VISA_LIKE = "4111111111111111"; // 41,111,111,111,111.11 in a two-decimal currency
const DINERS_LIKE = "30569309025904"; // 14 digits: what the form's 12 integer digits + 2 decimals can give

describe("redactSummary keeps amounts exactly", () => {
  it("recognises these figures as card numbers, so only their key tells them apart", () => {
    expect(looksLikeCardNumber(VISA_LIKE)).toBe(true);
    expect(looksLikeCardNumber(DINERS_LIKE)).toBe(true);
  });

  it("keeps a plain integer under an amount key, at any depth, signed or not", () => {
    const summary = {
      kind: "top_up",
      amount: VISA_LIKE,
      policyAmount: DINERS_LIKE,
      threshold: VISA_LIKE,
      perTransactionLimit: DINERS_LIKE,
      lifetimeLimit: VISA_LIKE,
      thresholdMinor: VISA_LIKE,
      availableMinor: `-${VISA_LIKE}`,
      balance: VISA_LIKE,
      fee: { amount: DINERS_LIKE, currency: "USD" },
      // An approval that lowered the amount records { amount: { from, to } } (lib/requests/decide-request.ts).
      changes: { amount: { from: VISA_LIKE, to: DINERS_LIKE } },
    };
    expect(redactSummary(summary)).toEqual(summary);
  });

  it("still masks the same digits in free text, under an amount key when they are not a plain integer, and anywhere else", () => {
    expect(redactSummary({ comment: `paid with ${VISA_LIKE}`, note: VISA_LIKE, orderRef: DINERS_LIKE })).toEqual({
      comment: "paid with 411111…1111",
      note: "411111…1111",
      orderRef: "305693…5904",
    });
    expect(redactSummary({ amount: `card ${VISA_LIKE}`, fee: { text: `${VISA_LIKE} USD` }, lifetimeLimit: "4111 1111 1111 1111" })).toEqual({
      amount: "card 411111…1111",
      fee: { text: "411111…1111 USD" },
      lifetimeLimit: "411111…1111",
    });
    expect(redactSummary([VISA_LIKE])).toEqual(["411111…1111"]);
  });

  it("redacts secret-named keys even inside an amount, and their values whatever they hold", () => {
    expect(redactSummary({ amount: { cardNumber: VISA_LIKE, pin: "1234" }, balance: "10", cvv: "123" })).toEqual({
      amount: { cardNumber: "[redacted]", pin: "[redacted]" },
      balance: "10",
      cvv: "[redacted]",
    });
  });
});
