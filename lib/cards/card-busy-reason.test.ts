import { describe, expect, it } from "vitest";
import { cardBusyReason } from "./card-busy-reason";

describe("cardBusyReason", () => {
  it("names the open change and who placed it, so the person refused knows someone else is already at it", () => {
    expect(cardBusyReason([{ type: "cancel", status: "pending", byName: "Felix Finance" }], false)).toBe(
      "A cancellation by Felix Finance is still in progress on this card. Wait for it to finish.",
    );
  });

  it("says a change whose outcome is unknown waits for review, and that a freeze can still overtake it", () => {
    expect(cardBusyReason([{ type: "topup", status: "needs_review", byName: null }], true)).toBe(
      "A top-up is still waiting for review on this card (its outcome at the provider is not known yet). Wait for it to finish. Freezing it is still possible.",
    );
    expect(cardBusyReason([{ type: "unfreeze", status: "created", byName: "Fiona Finance" }], false)).toMatch(/^An unfreeze by Fiona Finance /);
  });

  it("lists several open changes", () => {
    expect(
      cardBusyReason(
        [
          { type: "limits", status: "pending", byName: "Fiona Finance" },
          { type: "withdraw", status: "needs_review", byName: "Felix Finance" },
          { type: "freeze", status: "created", byName: "Fiona Finance" },
        ],
        false,
      ),
    ).toBe(
      "Other changes to this card are still open: a limit change by Fiona Finance (in progress), a withdrawal by Felix Finance (waiting for review) and a freeze by Fiona Finance (in progress). Wait for them to finish.",
    );
  });
});
