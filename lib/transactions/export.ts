import { csvDownload } from "@/lib/csv/csv-download";
import { csvStream, EXPORT_BATCH_ROWS } from "@/lib/csv/csv-stream";
import { startExclusiveExport, type ExportRecord } from "@/lib/csv/export-lock";
import { refuseExport, refuseInvalidFilters } from "@/lib/csv/export-refusal";
import type { Db } from "@/db/client";
import { iterateTransactions, type TransactionListRow } from "@/db/queries/transactions";
import { csvCell } from "@/lib/csv/csv-line";
import { record } from "@/lib/audit/record";
import { visibilityFor, visibilityReach } from "@/lib/auth/permissions";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { formatAmount } from "@/lib/money";
import { keepOfferedTransactionFilters, readTransactionFilterChoices, transactionFiltersToCheck } from "./filter-choices";
import { parseTransactionSearch } from "./list-search";
import { movedMoney } from "./money-moved";

export const TRANSACTION_CSV_COLUMNS = [
  "id",
  "occurred_at_utc",
  "settled_at_utc",
  "provider",
  "account",
  "card_alias",
  "card_last_four",
  "owner_email",
  "team",
  "merchant",
  "merchant_city",
  "merchant_country",
  "category",
  "status",
  "direction",
  "amount",
  "currency",
  // "no" for a decline, a released hold or a lapsed one: the amount is what was asked, and never a sum to add up.
  "money_moved",
  "original_amount",
  "original_currency",
  "decline_reason",
  "provider_decline_reason",
  "provider_transaction_id",
  "memo",
] as const;

type Numeric = { number: string };
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Amounts as signed decimals in major units (debits negative), exact: never through a float. */
function signedAmount(
  row: TransactionListRow,
  minor: bigint | null,
  currency: string | null,
): Numeric | null {
  if (minor === null || !currency) return null;
  const text = formatAmount({ amount: minor, currency });
  return { number: row.direction === "debit" && minor !== 0n ? `-${text}` : text };
}

/**
 * Text cells go through csvCell (formula injection defused); a signed amount that is nothing but a decimal number is
 * written as it is, so a spreadsheet reads "-10.00" as minus ten rather than as text behind an apostrophe.
 */
function line(cells: readonly (string | null | undefined | Numeric)[]): string {
  const text = cells.map((cell) =>
    cell !== null && typeof cell === "object" && NUMBER.test(cell.number)
      ? cell.number
      : csvCell(typeof cell === "object" && cell !== null ? cell.number : cell),
  );
  return `${text.join(",")}\r\n`;
}

export function transactionCsvLine(row: TransactionListRow): string {
  return line([
    row.id,
    row.occurredAt.toISOString(),
    row.settledAt?.toISOString() ?? null,
    row.provider,
    row.accountLabel,
    row.cardAlias,
    row.cardLast4,
    row.ownerEmail,
    row.teamName,
    row.merchantName,
    row.merchantCity,
    row.merchantCountry,
    row.merchantCategory,
    row.status,
    row.direction,
    signedAmount(row, row.amount, row.currency),
    row.currency,
    movedMoney(row.status) ? "yes" : "no",
    signedAmount(row, row.originalAmount, row.originalCurrency),
    row.originalCurrency,
    row.declineReason,
    row.providerDeclineReason,
    row.providerTransactionId,
    row.memo,
  ]);
}

export function transactionCsvStream(
  batches: AsyncGenerator<TransactionListRow[]>,
  onEnd?: () => Promise<void>,
): ReadableStream<Uint8Array> {
  return csvStream({
    header: TRANSACTION_CSV_COLUMNS,
    line: transactionCsvLine,
    batches,
    logName: "transactions",
    onEnd,
  });
}

/**
 * GET /transactions/export: exactly the set the page shows for the same query parameters (every page of it), scoped
 * by role on the server, one running export per person, recorded in the audit log before the first byte. `signal` is
 * the request's: it ends the export's hold when the client goes away.
 */
export async function exportTransactionsCsv(
  db: Db,
  params: {
    user: SessionUser;
    meta: RequestMeta;
    searchParams: URLSearchParams;
    now?: Date;
    signal?: AbortSignal;
  },
): Promise<Response> {
  const { user, meta } = params;
  const context = auditContextFor(user, meta);
  // SECURITY: exporting is its own grant (DESIGN.md, Roles: "audit log, exports"), not seeing: an employee sees their
  // own transactions but may not export them; a manager's file holds their teams'.
  const visibility = visibilityFor(user, "transaction.export");
  if (!visibility) {
    await record(db, context, {
      action: "permission.denied",
      outcome: "denied",
      summary: { permission: "transaction.export", export: "transactions" },
    });
    return refuseExport("transactions", "forbidden", 403);
  }
  const parsed = parseTransactionSearch(params.searchParams);
  // As on the page: a well-formed account, card, cardholder, team or currency this person's bar does not offer is
  // dropped there with a notice, so here it is refused by name, never applied to write an empty file.
  const search = transactionFiltersToCheck(parsed.filters)
    ? keepOfferedTransactionFilters(parsed, await readTransactionFilterChoices(db, { user, visibility, filters: parsed.filters }))
    : parsed;
  if (search.ignored.some((issue) => issue.field !== "after" && issue.field !== "before")) {
    return refuseInvalidFilters(search.ignored);
  }
  const scope = visibilityReach(visibility);
  const exported: ExportRecord = {
    db,
    context,
    entry: {
      action: "transactions.exported",
      targetType: "transactions",
      summary: { format: "csv", filters: search.filters, scope },
    },
  };
  return startExclusiveExport({ userId: user.id, signal: params.signal, exported }, async (release) => {
    const stamp = (params.now ?? new Date()).toISOString().slice(0, 19).replace(/[:T]/g, "-");
    const batches = iterateTransactions(db, {
      organizationId: user.organizationId,
      visibility,
      filters: search.filters,
      batchSize: EXPORT_BATCH_ROWS,
    });
    return csvDownload(transactionCsvStream(batches, release), `cardhub-transactions-${stamp}.csv`);
  });
}
