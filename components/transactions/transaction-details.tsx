import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { ProviderText } from "@/components/providers/provider-text";
import { LEDGER_STATUS_LABELS } from "./labels";
import { MemoForm } from "./memo-form";
import type { DetailsState } from "./transaction-details-query";
import type { TransactionView } from "./transaction-view";

/** Underlined always, as links inside text are elsewhere (audit sentences): the card's name alone does not look like one. */
const CARD_LINK_CLASS = "text-primary underline decoration-current/30 underline-offset-4 hover:decoration-current focus-visible:decoration-current";

/** A field of the transaction; an `optional` one the provider did not state is left out rather than shown as "—". */
function Row({ label, children, optional = false }: { label: string; children: React.ReactNode; optional?: boolean }) {
  if (optional && (children === null || children === undefined || children === "")) return null;
  return (
    <div className="grid grid-cols-[8.5rem_1fr] gap-2 py-1.5 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children ?? <span className="text-muted-foreground">—</span>}</dd>
    </div>
  );
}

/** Everything else known about one transaction: the provider's own words beside ours, and the memo. */
function TransactionDetails({ transaction, onMemoSaved }: { transaction: TransactionView; onMemoSaved: () => void }) {
  return (
    <>
      {transaction.providerStatus || transaction.declineReason ? (
        <div className="grid gap-2">
          {transaction.providerStatus ? (
            <p className="text-muted-foreground text-xs">
              {/* A bare number is a code (Card OPEN-API's trade status), not words the provider said. */}
              {/^\d+$/.test(transaction.providerStatus)
                ? `${transaction.provider}’s status code ${transaction.providerStatus}, read as ${LEDGER_STATUS_LABELS[transaction.status].toLowerCase()}`
                : `${transaction.provider} says “${transaction.providerStatus}”`}
            </p>
          ) : null}
          {transaction.declineReason ? (
            <p className="border-destructive/40 bg-destructive/5 rounded-md border p-2 text-sm">
              <span className="font-medium">Why it was declined: </span>
              {transaction.declineReason}
              {transaction.providerDeclineReason ? (
                <span className="text-muted-foreground block text-xs">
                  {transaction.provider}’s words: <ProviderText text={transaction.providerDeclineReason} quote />
                </span>
              ) : null}
            </p>
          ) : null}
        </div>
      ) : null}
      <dl className="divide-y">
        {/* A declined amount was asked for and refused: it was never authorised (a released hold was). */}
        <Row label={transaction.status === "declined" ? "Asked" : "Authorised"} optional>
          {transaction.authorisedAmount
            ? `${transaction.authorisedAmount} · ${transaction.authorisedAt ?? "time not given"}`
            : null}
        </Row>
        <Row label="Settled" optional>
          {transaction.settledAmount
            ? `${transaction.settledAmount} · ${transaction.settledAt ?? "time not given"}`
            : transaction.status === "authorised"
              ? "Not yet"
              : null}
        </Row>
        <Row label="Original amount" optional>{transaction.originalAmount}</Row>
        <Row label="Merchant place" optional>
          {[transaction.merchantCity, transaction.merchantCountry].filter(Boolean).join(", ") || null}
        </Row>
        <Row label="Category" optional>{transaction.merchantCategory}</Row>
        <Row label="Description" optional>{transaction.description}</Row>
        <Row label="Card">
          {transaction.cardId && transaction.cardLabel ? (
            <Link href={`/cards/${transaction.cardId}`} className={CARD_LINK_CLASS}>
              {transaction.cardDigits ? (
                <>
                  {transaction.cardName} <span className="whitespace-nowrap">{transaction.cardDigits}</span>
                </>
              ) : (
                transaction.cardLabel
              )}
            </Link>
          ) : transaction.cardUnknownToProvider ? (
            `${transaction.provider} says it does not know this card: it was probably deleted there after this transaction, so it cannot be linked.`
          ) : (
            "Not linked to a Cardhub card yet"
          )}
        </Row>
        <Row label="Cardholder">
          {transaction.ownerName
            ? `${transaction.ownerName}${transaction.teamName ? ` (${transaction.teamName})` : ""}`
            : "Unassigned"}
        </Row>
        <Row label="Provider">{`${transaction.provider} · ${transaction.accountLabel}`}</Row>
        {/* A bare number is the provider's code for the kind (Card OPEN-API's trade type): said with how Cardhub reads it. */}
        <Row label="Provider type" optional>
          {transaction.providerType && /^\d+$/.test(transaction.providerType) ? `Code ${transaction.providerType}, read as ${transaction.kind.toLowerCase()}` : transaction.providerType}
        </Row>
        <Row label="Provider’s id">
          <span className="font-mono text-xs">{transaction.providerTransactionId}</span>
        </Row>
        {transaction.unlinkedProviderCardId ? (
          <Row label="Provider’s card id">
            <span className="font-mono text-xs">{transaction.unlinkedProviderCardId}</span>
          </Row>
        ) : null}
      </dl>
      <MemoForm
        key={transaction.id}
        transactionId={transaction.id}
        memo={transaction.memo}
        editable={transaction.mayEditMemo}
        onSaved={onMemoSaved}
      />
    </>
  );
}

/** Stands in for the details while they load: the shape of the field list and the memo, so nothing jumps. */
function DetailsSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the transaction’s details" className="grid gap-4">
      <div className="grid gap-3 py-1.5">
        {Array.from({ length: 6 }, (_, index) => (
          <div key={index} className="grid grid-cols-[8.5rem_1fr] gap-2">
            <Skeleton className="h-4 w-20" />
            <Skeleton className="h-4 w-full max-w-48" />
          </div>
        ))}
      </div>
      <Skeleton className="h-20 w-full" />
    </div>
  );
}

/** The drawer below its header: the details once fetched, and what to say while they are not. */
export function DetailsPart({ state, onRetry, onMemoSaved }: { state: DetailsState; onRetry: () => void; onMemoSaved: () => void }) {
  switch (state.kind) {
    case "loading":
      return <DetailsSkeleton />;
    case "ready":
      return <TransactionDetails transaction={state.transaction} onMemoSaved={onMemoSaved} />;
    case "gone":
      return (
        <p role="status" className="rounded-md border p-3 text-sm">
          This transaction is no longer visible to you.
        </p>
      );
    case "failed":
      return (
        <div className="grid justify-items-start gap-2 rounded-md border p-3 text-sm">
          <p role="alert">
            {state.signedOut
              ? "Your session has ended, so the details could not be loaded. Sign in again, then retry."
              : "The details could not be loaded. Check your connection and try again."}
          </p>
          <Button type="button" variant="outline" size="sm" onClick={onRetry}>
            Retry
          </Button>
        </div>
      );
  }
}
