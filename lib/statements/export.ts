import { csvDownload } from "@/lib/csv/csv-download";
import { csvStream, EXPORT_BATCH_ROWS } from "@/lib/csv/csv-stream";
import { startExclusiveExport, type ExportRecord } from "@/lib/csv/export-lock";
import { refuseExport, refuseInvalidFilters } from "@/lib/csv/export-refusal";
import type { Db } from "@/db/client";
import { iterateStatements, type StatementFilter, type StatementRow } from "@/db/queries/statements";
import { csvCell } from "@/lib/csv/csv-line";
import { record } from "@/lib/audit/record";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { minorToDecimalText } from "@/lib/format";
import { resolveStatementScope } from "./access";
import { dateBounds, ledgerOwnerOf, parseStatementSearch, statementSource } from "./filters";

export const STATEMENT_CSV_COLUMNS = [
  "occurred_at_utc",
  "completed_at_utc",
  "source",
  "type",
  "direction",
  "currency",
  "amount",
  "fee_currency",
  "fee",
  "fee_items",
  "total_currency",
  "total",
  "available_after",
  "blocked_after",
  "status",
  "card_id",
  "card_alias",
  "card_last_four",
  "provider_card_id",
  "provider_order_id",
  "provider_log_id",
  "note",
] as const;

/** A fee or a total comes with its own currency: the table holds neither without the other (provider_statements checks). */
const decimal = (minor: bigint | null, currency: string | null) => (minor === null || currency === null ? null : minorToDecimalText(minor, currency));

/**
 * Every text cell is formula-defused by csvCell (a provider note is outside text). A plain signed decimal is not
 * a formula and is written bare, so "-3.90" stays a number a spreadsheet can add up.
 */
function statementCell(value: string | null): string {
  return value !== null && /^-?\d+(\.\d+)?$/.test(value) ? value : csvCell(value);
}

/**
 * MONEY: the direction is the signed amount's, for the ledger the line belongs to ("in": that balance rose). The stored
 * direction is Cardepass's fundsDirection, which is the funding account's side even on a card's own line (a CardTopUp
 * into the card is "Expenditure") and which its document writes inconsistently (a CardCancel of -3.9 as "Income"), so
 * it would contradict the amount beside it. A line that moves nothing has none.
 */
export function statementDirection(amount: bigint): "in" | "out" | null {
  return amount > 0n ? "in" : amount < 0n ? "out" : null;
}

/**
 * Amounts as signed decimals, exactly as the provider stated them: the amount and the running balances in the line's
 * currency, the fee and the total each beside its own (a provider may charge a JPY line's fee in USD). The card is
 * Cardhub's (id, alias, last four) beside the provider's own id for it.
 */
export function statementCsvLine(row: StatementRow): string {
  return `${[
    row.occurredAt.toISOString(),
    row.completedAt?.toISOString() ?? null,
    row.source,
    row.type,
    statementDirection(row.amount),
    row.currency,
    decimal(row.amount, row.currency),
    row.feeCurrency,
    decimal(row.fee, row.feeCurrency),
    row.feeItems.map((item) => `${item.type} ${minorToDecimalText(BigInt(item.amount), item.currency)} ${item.currency}`).join("; "),
    row.totalCurrency,
    decimal(row.total, row.totalCurrency),
    decimal(row.availableAfter, row.currency),
    decimal(row.blockedAfter, row.currency),
    row.status,
    row.card?.id ?? null,
    row.card?.alias ?? null,
    row.card?.last4 ?? null,
    row.providerCardId,
    row.providerOrderId,
    row.providerLogId,
    row.note,
  ]
    .map(statementCell)
    .join(",")}\r\n`;
}

export function statementCsvStream(batches: AsyncGenerator<StatementRow[]>, onEnd?: () => Promise<void>): ReadableStream<Uint8Array> {
  return csvStream({ header: STATEMENT_CSV_COLUMNS, line: statementCsvLine, batches, logName: "statements", onEnd });
}

/**
 * GET /funding/statements/export: the same scope and filters as the page, permission on the server, one running export
 * per person, and the export recorded before the first byte, so an export cut short is still on record. `signal` is
 * the request's: it ends the export's hold when the client goes away.
 */
export async function exportStatementsCsv(
  db: Db,
  params: { user: SessionUser; meta: RequestMeta; searchParams: URLSearchParams; now?: Date; signal?: AbortSignal },
): Promise<Response> {
  const { user } = params;
  const context = auditContextFor(user, params.meta);
  const { search, ignored } = parseStatementSearch(params.searchParams);
  if (ignored.length > 0) return refuseInvalidFilters(ignored);
  const scope = await resolveStatementScope(db, user, search);
  if (!scope.ok) {
    if (scope.reason === "denied") {
      await record(db, context, { action: "permission.denied", outcome: "denied", summary: { permission: "funding.view", export: "statements" } });
      return refuseExport("statements", "forbidden", 403);
    }
    return scope.reason === "missing" ? refuseExport("statements", "missing", 400) : refuseExport("statements", "not_found", 404);
  }
  // The ledger the page shows for the same address: statementSource decides for both.
  const filter: StatementFilter = {
    ...(scope.kind === "card"
      ? { cardId: scope.card.id, source: statementSource(search, ledgerOwnerOf(scope)) }
      : { providerAccountId: scope.accountId, source: statementSource(search, ledgerOwnerOf(scope)) }),
    type: search.type ?? undefined,
    ...dateBounds(search),
  };
  const filters = { source: filter.source ?? null, from: search.from, to: search.to, type: search.type };
  const exported: ExportRecord = {
    db,
    context,
    entry: {
      action: "statements.exported",
      targetType: scope.kind === "card" ? "card" : "provider_account",
      targetId: scope.kind === "card" ? scope.card.id : scope.accountId,
      teamId: scope.kind === "card" ? scope.card.teamId : undefined,
      // The account as it was labelled then, so the audit row names whose statement left (a card's is its target).
      summary: { format: "csv", filters, ...(scope.kind === "account" ? { providerAccount: scope.label } : {}) },
    },
  };
  return startExclusiveExport({ userId: user.id, signal: params.signal, exported }, async (release) => {
    const stamp = (params.now ?? new Date()).toISOString().slice(0, 19).replace(/[:T]/g, "-");
    return csvDownload(statementCsvStream(iterateStatements(db, { filter, batchSize: EXPORT_BATCH_ROWS }), release), `cardhub-statements-${stamp}.csv`);
  });
}
