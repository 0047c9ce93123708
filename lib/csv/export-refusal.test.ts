import { describe, expect, it } from "vitest";
import { parseAuditSearch } from "@/lib/audit/filters";
import { parseStatementSearch } from "@/lib/statements/filters";
import { parseTransactionSearch } from "@/lib/transactions/list-search";
import { INVALID_FILTERS_PREFIX, refuseInvalidFilters } from "./export-refusal";

const refusalText = (ignored: readonly { label: string; message: string }[]) => refuseInvalidFilters(ignored).text();
const query = (params: Record<string, string>) => new URLSearchParams(params);

// A bad value for every filter each export reads, and the pairs only refused together: every message a list can drop
// a filter with and that can reach an export.
const LONG = (length: number) => "x".repeat(length);
const EVERY_BAD_FILTER = {
  audit: [
    query({ actor: LONG(321), action: "bogus", outcome: "x", targetType: "nope", targetId: LONG(201), from: "2026-13-01", to: "20260101", before: "abc" }),
    query({ actor: "a\u0000b", from: "0999-01-01" }),
    query({ from: "2026-02-01", to: "2026-01-01" }),
    query({ after: "1", before: "2" }),
  ].map((params) => parseAuditSearch(params).ignored),
  transactions: [
    query({ from: "1969-01-01", to: "2026-02-30", status: "bogus", provider: "x", account: "nope", card: "nope", owner: "nope", team: "nope", q: LONG(101), min: "abc", max: "1.23456", currency: "US1" }),
    query({ min: "50", max: "20" }),
    query({ from: "2026-02-01", to: "2026-01-01" }),
  ].map((params) => parseTransactionSearch(params).ignored),
  statements: [
    query({ account: "x", card: "y", source: "both", type: "bad type", cursor: "!!!", from: "2026-13-01", to: "x" }),
    query({ from: "2026-02-01", to: "2026-01-01" }),
  ].map((params) => parseStatementSearch(params).ignored),
};

describe("an export refused for its filters", () => {
  it("names each filter and what is wrong with it, in the export's words, not the list's 'showing every …' or 'it was ignored'", async () => {
    const text = await refusalText(parseAuditSearch(query({ action: "bogus", outcome: "x", from: "2026-13-01" })).ignored);
    expect(text).toBe(`${INVALID_FILTERS_PREFIX}: Event: unknown event. Outcome: unknown outcome. From: not a real date.`);
  });

  it.each(Object.entries(EVERY_BAD_FILTER))("says nothing of what a list does instead, for every filter of the %s export", async (_export, cases) => {
    for (const ignored of cases) {
      expect(ignored.length).toBeGreaterThan(0);
      const text = await refusalText(ignored);
      expect(text.startsWith(`${INVALID_FILTERS_PREFIX}: `)).toBe(true);
      expect(text).not.toMatch(/showing|ignored|is shown|first page/i);
      // Each filter by its label, as the filter bar names it, then the problem.
      for (const issue of ignored) expect(text).toContain(`${issue.label}: `);
    }
  });

  it("keeps a filter's own name and a code as written, and lower-cases only the start of an ordinary sentence", async () => {
    const transactions = await refusalText(parseTransactionSearch(query({ status: "bogus", min: "abc", currency: "US1", q: LONG(101) })).ignored);
    expect(transactions).toBe(
      `${INVALID_FILTERS_PREFIX}: Status: unknown status. Merchant: search is at most 100 characters. Minimum amount: must be an amount such as 25 or 25.50, without thousands separators or a currency sign. Currency: a currency is a 3-letter code such as USD.`,
    );
    const range = await refusalText(parseAuditSearch(query({ from: "2026-02-01", to: "2026-01-01", actor: "a\u0000b" })).ignored);
    expect(range).toBe(`${INVALID_FILTERS_PREFIX}: Actor: contains characters that are not allowed. To: earlier than From.`);
    const statements = await refusalText(parseStatementSearch(query({ card: "y", cursor: "!!!" })).ignored);
    expect(statements).toBe(`${INVALID_FILTERS_PREFIX}: Card: this is not a card's id. Page: the page link is not valid.`);
    expect(await refusalText([{ label: "Currency", message: "USD is not a currency code; showing every currency." }])).toBe(`${INVALID_FILTERS_PREFIX}: Currency: USD is not a currency code.`);
  });

  it("is a 400 in plain text", () => {
    const refusal = refuseInvalidFilters([{ label: "Event", message: "Unknown event; showing every event." }]);
    expect(refusal.status).toBe(400);
    expect(refusal.code).toBe("invalid");
    expect(refusal.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
  });
});
