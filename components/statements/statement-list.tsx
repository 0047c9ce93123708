import { EmptyState } from "@/components/layout/empty-state";
import { IntentLink } from "@/components/layout/intent-link";
import { cardLabelParts } from "@/components/transactions/transaction-list-item";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { StatementCard, StatementRow } from "@/db/queries/statements";
import { formatMoney, formatSignedMoney, formatUtcDateTime } from "@/lib/format";
import { feeTypeLabel, SOURCE_LABELS, statementTypeLabel } from "./statement-labels";
import { ProviderText } from "@/components/providers/provider-text";

function TypeCell({ row }: { row: StatementRow }) {
  const label = statementTypeLabel(row.type);
  return (
    <span className="grid">
      <span className="font-medium">{label}</span>
      <span className="text-muted-foreground text-xs">
        {label === row.type ? null : <span className="font-mono">{row.type} · </span>}
        {SOURCE_LABELS[row.source]}
        {row.status ? ` · ${row.status}` : null}
      </span>
    </span>
  );
}

function Fees({ row }: { row: StatementRow }) {
  if (row.fee === null && row.feeItems.length === 0) return <span className="text-muted-foreground">—</span>;
  return (
    <span className="grid">
      {row.fee !== null ? <span className="tabular-nums">{formatMoney(row.fee, row.feeCurrency)}</span> : null}
      {row.feeItems.map((item, index) => (
        <span key={index} className="text-muted-foreground text-xs tabular-nums">
          {feeTypeLabel(item.type)} {formatMoney(BigInt(item.amount), item.currency)}
        </span>
      ))}
    </span>
  );
}

/** The Cardhub card a line names, linked to its page; the name may be cut short, the last four digits never are. */
function CardName({ card }: { card: StatementCard }) {
  const { label, name, digits } = cardLabelParts(card.alias, card.last4);
  return (
    <IntentLink href={`/cards/${card.id}`} title={label} className="flex max-w-56 min-w-0 gap-1 underline-offset-4 hover:underline">
      <span className="min-w-0 truncate">{name}</span>
      {/* A space for the link's accessible name; a flex container lays out none. */}
      {digits ? " " : null}
      {digits ? <span className="shrink-0 whitespace-nowrap tabular-nums">{digits}</span> : null}
    </IntentLink>
  );
}

const money = (minor: bigint | null, currency: string | null) => (minor === null ? <span className="text-muted-foreground">—</span> : formatMoney(minor, currency));

/**
 * Statement lines newest first: a table on wide screens, one card per line at phone width. `showCard`: name each line's
 * card (an account's statement; a card's own names the same card on every line).
 */
export function StatementList({
  rows,
  caption,
  emptyTitle,
  emptyHint,
  showCard = true,
}: {
  rows: StatementRow[];
  caption: string;
  emptyTitle: string;
  emptyHint?: React.ReactNode;
  showCard?: boolean;
}) {
  if (rows.length === 0) return <EmptyState title={emptyTitle}>{emptyHint}</EmptyState>;
  // A column shows only when some line has it. Account-wide statements carry no fees or totals (Cardepass's
  // accountLogs has neither field, NobePay's ledger no total); only Cardepass's per-card logs (cardAccountLogs) do.
  // A fee and a total are each shown in their own currency, which may not be the line's (a USD fee on a JPY top-up).
  const balances = rows.some((row) => row.availableAfter !== null || row.blockedAfter !== null);
  const fees = rows.some((row) => row.fee !== null || row.feeItems.length > 0);
  const totals = rows.some((row) => row.total !== null);
  const cardColumn = showCard && rows.some((row) => row.card !== null);
  return (
    <>
      <div className="hidden md:block">
        <Table>
          <caption className="sr-only">{caption}</caption>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Time (UTC)</TableHead>
              <TableHead scope="col">Type</TableHead>
              {cardColumn ? <TableHead scope="col">Card</TableHead> : null}
              <TableHead scope="col" className="text-right">Amount</TableHead>
              {fees ? <TableHead scope="col">Fees</TableHead> : null}
              {/* The provider's own "total" (Cardepass totalAmount, 总金额) is the amount and its fee added, whichever balance
                  paid the fee: named for what it adds up, not as the card's movement (a top-up's fee comes from the account). */}
              {totals ? <TableHead scope="col" className="text-right">Amount + fee</TableHead> : null}
              {balances ? <TableHead scope="col" className="text-right">Available after</TableHead> : null}
              {balances ? <TableHead scope="col" className="text-right">Held after</TableHead> : null}
              <TableHead scope="col">Reference</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.id.toString()}>
                <TableCell className="whitespace-nowrap tabular-nums">{formatUtcDateTime(row.occurredAt)}</TableCell>
                <TableCell>
                  <TypeCell row={row} />
                </TableCell>
                {cardColumn ? <TableCell>{row.card ? <CardName card={row.card} /> : <span className="text-muted-foreground">—</span>}</TableCell> : null}
                <TableCell className="text-right font-medium whitespace-nowrap tabular-nums">{formatSignedMoney(row.amount, row.currency)}</TableCell>
                {fees ? (
                  <TableCell>
                    <Fees row={row} />
                  </TableCell>
                ) : null}
                {totals ? <TableCell className="text-right whitespace-nowrap tabular-nums">{money(row.total, row.totalCurrency)}</TableCell> : null}
                {balances ? <TableCell className="text-right whitespace-nowrap tabular-nums">{money(row.availableAfter, row.currency)}</TableCell> : null}
                {balances ? <TableCell className="text-right whitespace-nowrap tabular-nums">{money(row.blockedAfter, row.currency)}</TableCell> : null}
                {/* Wrapped, not cut: the whole reference is what finance quotes to the provider. */}
                <TableCell className="text-muted-foreground max-w-44 font-mono text-xs break-all whitespace-normal">
                  {row.providerOrderId ?? row.providerLogId}
                  {row.note ? (
                    <span className="block font-sans break-normal">
                      <ProviderText text={row.note} />
                    </span>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ul className="grid gap-2 md:hidden" aria-label={caption}>
        {rows.map((row) => (
          <li key={row.id.toString()} className="bg-card grid gap-1 rounded-lg border p-3 text-sm">
            <div className="flex items-start justify-between gap-2">
              <TypeCell row={row} />
              <span className="shrink-0 font-medium tabular-nums">{formatSignedMoney(row.amount, row.currency)}</span>
            </div>
            <dl className="text-muted-foreground grid grid-cols-[auto_1fr] gap-x-3 text-xs">
              <dt>Time (UTC)</dt>
              <dd className="tabular-nums">{formatUtcDateTime(row.occurredAt)}</dd>
              {showCard && row.card ? (
                <>
                  <dt>Card</dt>
                  <dd className="min-w-0">
                    <CardName card={row.card} />
                  </dd>
                </>
              ) : null}
              {row.fee !== null || row.feeItems.length > 0 ? (
                <>
                  <dt>Fees</dt>
                  <dd>
                    <Fees row={row} />
                  </dd>
                </>
              ) : null}
              {row.total !== null ? (
                <>
                  <dt>Amount + fee</dt>
                  <dd className="tabular-nums">{formatMoney(row.total, row.totalCurrency)}</dd>
                </>
              ) : null}
              {row.availableAfter !== null ? (
                <>
                  <dt>Available after</dt>
                  <dd className="tabular-nums">{formatMoney(row.availableAfter, row.currency)}</dd>
                </>
              ) : null}
              {row.blockedAfter !== null ? (
                <>
                  <dt>Held after</dt>
                  <dd className="tabular-nums">{formatMoney(row.blockedAfter, row.currency)}</dd>
                </>
              ) : null}
              <dt>Reference</dt>
              <dd className="font-mono break-all">{row.providerOrderId ?? row.providerLogId}</dd>
              {row.note ? (
                <>
                  <dt>Note</dt>
                  <dd>
                    <ProviderText text={row.note} />
                  </dd>
                </>
              ) : null}
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
