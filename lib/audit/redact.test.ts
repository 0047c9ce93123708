import { describe, expect, it } from "vitest";
import { looksLikeCardNumber, redactSummary } from "./redact";

describe("redactSummary", () => {
  it("masks card numbers of every scheme, bare or grouped, wherever they sit in text", () => {
    expect(redactSummary({ note: "card 4367970137672419 frozen" })).toEqual({ note: "card 436797…2419 frozen" });
    expect(redactSummary({ note: "amex 345432552191529" })).toEqual({ note: "amex 345432…1529" });
    expect(redactSummary({ note: "4111 1111 1111 1111" })).toEqual({ note: "411111…1111" });
    expect(redactSummary({ note: "5555-5555-5555-4444" })).toEqual({ note: "555555…4444" });
    expect(redactSummary(["2223003122003222"])).toEqual(["222300…3222"]);
  });

  it("leaves order ids, millisecond timestamps and UUIDs whole", () => {
    const untouched = {
      orderId: "1646651535340123", // 16 digits, not Luhn-valid
      cardopenapiOrder: "202611301234567890",
      time: "1655838927875",
      uuid: "5e48c2a1-0b7d-4d2e-9f61-123456789012",
      luhnButNoScheme: "8000000000000009",
      tooShortVisa: "411111111111",
      hexish: "ab4111111111111111cd",
    };
    expect(redactSummary(untouched)).toEqual(untouched);
  });

  it("drops secret-named keys and replaces NUL bytes and lone surrogates so the row can always be stored", () => {
    expect(redactSummary({ cvv: "123", nested: { cardNumber: "x" }, reason: "a\u0000b\uD800" })).toEqual({
      cvv: "[redacted]",
      nested: { cardNumber: "[redacted]" },
      reason: "a\uFFFDb\uFFFD",
    });
  });

  it("recognises a card number by scheme, length and check digit", () => {
    expect(looksLikeCardNumber("4111111111111111")).toBe(true);
    expect(looksLikeCardNumber("4111111111111112")).toBe(false);
    expect(looksLikeCardNumber("9111111111111111")).toBe(false);
  });
});
