import { describe, expect, it } from "vitest";
import { noCardsYetText } from "./no-cards-text";

describe("the empty card list's words, by whose cards the viewer sees", () => {
  it("own: the viewer's cards, and the request that gets one", () => {
    expect(noCardsYetText("own", true)).toBe("Cards issued to you will appear here. To get one, send a card request.");
  });

  it("own and team: the teams the viewer manages too, not only cards issued to them", () => {
    expect(noCardsYetText("own_and_team", true)).toBe("Your cards and those of the teams you manage will appear here. To get one of your own, send a card request.");
  });

  it("all: every card of the company, and no request for a role that files none", () => {
    expect(noCardsYetText("all", false)).toBe("Every card of the company will appear here, once finance issues one or the next sync brings in existing cards.");
    expect(noCardsYetText("own", false)).toBe("Cards issued to you will appear here.");
  });
});
