import { describe, expect, it } from "vitest";
import { approvalThresholdAddedMessage, approvalThresholdMovedMessage, approvalThresholdTakenMessage } from "./approval-policy-messages";

// Spaces normalised: Intl puts a no-break space between a currency code and the amount ("SEK 5,000.00").
const plain = (text: string) => text.replace(/\s/g, " ");

describe("what the approval policy editor says of a threshold", () => {
  it("writes every amount as money, from minor units, as the rest of Cardhub does", () => {
    expect(approvalThresholdTakenMessage("new_card", "USD", 100000n)).toBe("New card requests in USD already have a threshold ($1,000.00): change it in its row above.");
    expect(approvalThresholdAddedMessage("top_up", "EUR", 50000n)).toBe("Added: finance approves top-up requests in EUR from €500.00, after the manager.");
    expect(approvalThresholdMovedMessage("USD", 200000n)).toBe(
      "Another administrator changed this threshold to $2,000.00 since the page was opened; it now shows theirs. Type yours again to replace it.",
    );
  });

  it("follows each currency's decimals and sign: none for JPY, three for KWD, the code where there is no sign", () => {
    expect(approvalThresholdAddedMessage("unfreeze", "JPY", 1000n)).toBe("Added: finance approves unfreeze requests in JPY from ¥1,000, after the manager.");
    expect(plain(approvalThresholdTakenMessage("limit_increase", "KWD", 1500n))).toContain("(KWD 1.500)");
    expect(plain(approvalThresholdAddedMessage("top_up", "SEK", 500000n))).toBe("Added: finance approves top-up requests in SEK from SEK 5,000.00, after the manager.");
    // Zero is a threshold too (every such request needs finance).
    expect(approvalThresholdAddedMessage("activate", "USD", 0n)).toBe("Added: finance approves activation requests in USD from $0.00, after the manager.");
  });

  it("says a removal by another administrator without an amount", () => {
    expect(approvalThresholdMovedMessage("USD", null)).toBe("Another administrator removed this threshold since the page was opened: add it again below if it is still wanted.");
  });
});
