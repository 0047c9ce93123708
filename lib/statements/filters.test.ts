import { describe, expect, it } from "vitest";
import { dateBounds, parseStatementSearch, statementSource, type LedgerOwner } from "./filters";

describe("statement list dates", () => {
  it("ignores, with a notice, a year the database cannot hold", () => {
    const { search, ignored } = parseStatementSearch(new URLSearchParams("from=0000-01-01&to=9999-12-31"));
    expect(search).toMatchObject({ from: null, to: null });
    expect(ignored).toEqual([
      { field: "from", label: "From", message: "From must be between 1970 and 2999; it was ignored." },
      { field: "to", label: "To", message: "To must be between 1970 and 2999; it was ignored." },
    ]);
    expect(dateBounds(search)).toEqual({ from: undefined, until: undefined });
  });

  it("keeps the edges of the supported years, whose bounds the database accepts", () => {
    const { search, ignored } = parseStatementSearch(new URLSearchParams("from=1970-01-01&to=2999-12-31"));
    expect(ignored).toEqual([]);
    expect(dateBounds(search)).toEqual({ from: new Date("1970-01-01T00:00:00.000Z"), until: new Date("3000-01-01T00:00:00.000Z") });
  });

  it("says an impossible date is not a real one, as the other lists do", () => {
    expect(parseStatementSearch(new URLSearchParams("from=2026-02-30")).ignored).toEqual([{ field: "from", label: "From", message: "From is not a real date; it was ignored." }]);
  });
});

describe("the statement's account or card in the link", () => {
  it("names a bad account or card id as a part of the link it could not use, for the notice every list shows", () => {
    const { search, ignored } = parseStatementSearch({ account: "not-a-uuid", card: "1234" });
    expect(search).toMatchObject({ account: null, card: null });
    expect(ignored).toEqual([
      { field: "account", label: "Account", message: "This is not an account's id; it was ignored." },
      { field: "card", label: "Card", message: "This is not a card's id; it was ignored." },
    ]);
  });

  it("keeps a good id, read from the page's search params as from a URL", () => {
    const id = "0B8E2F6A-3C1D-4E5F-8A9B-0C1D2E3F4A5B";
    expect(parseStatementSearch({ card: id, source: "account" })).toEqual({
      search: { account: null, card: id.toLowerCase(), source: "account", from: null, to: null, type: null, cursor: null, before: null },
      ignored: [],
    });
  });
});

describe("the ledger a statement opens on", () => {
  const CARD = "0b1c2d3e-4444-4a8e-9d55-1c2b3a4d5e6f";
  const ACCOUNT = "0b1c2d3e-5555-4a8e-9d55-1c2b3a4d5e6f";
  const search = (query: string) => parseStatementSearch(new URLSearchParams(query)).search;
  const standard: LedgerOwner = { kind: "card", provider: "cardepass", cardModel: "standard" };
  const shareBalance: LedgerOwner = { kind: "card", provider: "cardepass", cardModel: "sharebalance" };

  it("a card's own ledger; a ShareBalance card's funding-account lines, as it has no balance of its own (UI review 47 L5)", () => {
    expect(statementSource(search(`card=${CARD}`), standard)).toBe("card");
    expect(statementSource(search(`card=${CARD}`), shareBalance)).toBe("account");
  });

  it("the ledger the link names, whatever the card's model", () => {
    expect(statementSource(search(`card=${CARD}&source=card`), shareBalance)).toBe("card");
    expect(statementSource(search(`card=${CARD}&source=account`), standard)).toBe("account");
  });

  it("a card's one ledger where its provider keeps no funding-account ledger apart (NobePay's history is per card)", () => {
    expect(statementSource(search(`card=${CARD}`), { kind: "card", provider: "nobepay", cardModel: "prepaid" })).toBe("card");
    expect(statementSource(search(`card=${CARD}`), { kind: "card", provider: "cardopenapi", cardModel: "prepaid" })).toBe("card");
  });

  it("an account's both ledgers together unless one is chosen", () => {
    expect(statementSource(search(`account=${ACCOUNT}`), { kind: "account", provider: "cardepass" })).toBeUndefined();
    expect(statementSource(search(`account=${ACCOUNT}&source=card`), { kind: "account", provider: "cardepass" })).toBe("card");
  });
});
