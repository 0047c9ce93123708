import { beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "@/db/queries/audit";
import { listCards } from "@/db/queries/cards";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { listRequests } from "@/db/queries/requests";
import { listStatements } from "@/db/queries/statements";
import { listTransactions } from "@/db/queries/transactions";
import { seedDemo } from "@/db/seed";
import { parseAuditSearch } from "@/lib/audit/filters";
import { visibilityFor } from "@/lib/auth/permissions";
import { CARD_PAGE_SIZE, encodeCardCursor, parseCardSearch } from "@/lib/cards/list-search";
import { parseRequestSearch, REQUEST_PAGE_SIZE } from "@/lib/requests/list-search";
import { dateBounds, parseStatementSearch } from "@/lib/statements/filters";
import { boundedTransactionTotals } from "@/lib/transactions/bounded-totals";
import { parseTransactionSearch, TRANSACTION_PAGE_SIZE } from "@/lib/transactions/list-search";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor } from "@/test/session-user";

const database = withTestDatabase();

beforeAll(async () => {
  await seedDemo(database.db(), { sandboxUrl: "http://127.0.0.1:9" });
});

const forged = (key: string) => encodeCardCursor({ key, id: "00000000-0000-4000-8000-000000000001" });

describe("query strings never reach the database as something it refuses", () => {
  it("ignores, with a notice, a NUL in the search and cursors whose key is not a value of the sort column", async () => {
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    const cases = [
      { q: "ab\u0000c" },
      { q: "\uDFFF" },
      { after: forged("not-a-time") },
      { after: forged("0000-01-01T00:00:00.000Z") },
      { sort: "balance", currency: "USD", after: forged("12abc") },
      { sort: "balance", currency: "USD", before: forged("99999999999999999999") },
      { sort: "alias", after: forged("a\u0000") },
    ];
    for (const raw of cases) {
      const search = parseCardSearch(raw);
      expect(search.ignored.length, JSON.stringify(raw)).toBe(1);
      await expect(
        listCards(database.db(), { organizationId: finance.organizationId, visibility: visibilityFor(finance, "card.view")!, ...search, limit: CARD_PAGE_SIZE }),
      ).resolves.toHaveProperty("rows");
    }
    const valid = parseCardSearch({ sort: "balance", currency: "USD", after: forged("-150") });
    expect(valid.ignored).toEqual([]);
    await expect(listCards(database.db(), { organizationId: finance.organizationId, visibility: visibilityFor(finance, "card.view")!, ...valid, limit: CARD_PAGE_SIZE })).resolves.toHaveProperty("rows");
  });

  it("runs the audit query at the edges of the accepted date range", async () => {
    const auditor = await sessionUserFor(database.db(), "auditor@demo.test");
    const parsed = parseAuditSearch({ from: "1970-01-01", to: "2999-12-31", after: "999999999999999999" });
    expect(parsed.ignored).toEqual([]);
    const page = await listAuditEvents(database.db(), {
      organizationId: auditor.organizationId,
      visibility: visibilityFor(auditor, "audit.view")!,
      filters: parsed.filters,
      ...parsed.cursor,
      limit: 10,
    });
    expect(page.rows).toEqual([]);
  });

  it("runs the transaction, request and statement queries for the years no database holds and for the accepted edges", async () => {
    const db = database.db();
    const finance = await sessionUserFor(db, "finance@demo.test");
    const account = (await listProviderAccounts(db)).find((row) => row.organizationId === finance.organizationId)!;
    const cases = [
      { raw: { from: "0000-01-01", to: "9999-12-31" }, ignored: 2 },
      { raw: { from: "1970-01-01", to: "2999-12-31" }, ignored: 0 },
    ];
    for (const { raw, ignored } of cases) {
      const transactions = parseTransactionSearch(raw);
      const scope = { organizationId: finance.organizationId, visibility: visibilityFor(finance, "transaction.view")!, filters: transactions.filters };
      await expect(listTransactions(db, { ...scope, limit: TRANSACTION_PAGE_SIZE }), JSON.stringify(raw)).resolves.toHaveProperty("rows");
      await expect(boundedTransactionTotals(db, scope), JSON.stringify(raw)).resolves.toHaveProperty("tooBroad", false);
      expect(transactions.ignored).toHaveLength(ignored);

      const requests = parseRequestSearch(raw);
      await expect(
        listRequests(db, { organizationId: finance.organizationId, scope: { kind: "visible", all: true }, filters: requests.filters, limit: REQUEST_PAGE_SIZE }),
        JSON.stringify(raw),
      ).resolves.toHaveProperty("rows");
      expect(requests.ignored).toHaveLength(ignored);

      const statements = parseStatementSearch(new URLSearchParams(raw));
      await expect(listStatements(db, { filter: { providerAccountId: account.id, ...dateBounds(statements.search) } }), JSON.stringify(raw)).resolves.toHaveProperty("rows");
      expect(statements.ignored).toHaveLength(ignored);
    }
  });
});
