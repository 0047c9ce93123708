"use client";

import { useId, useRef } from "react";
import Link from "next/link";
import { XIcon } from "lucide-react";
import { NativeModal } from "@/components/ui/native-modal";
import { LEDGER_STATUS_MEANING } from "./labels";
import { MemoForm } from "./memo-form";
import { TransactionStatusBadge } from "./transaction-status-badge";
import type { TransactionView } from "./transaction-view";
import { ProviderText } from "@/components/providers/provider-text";

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

/** The detail drawer: everything known about one transaction, the provider's own words beside ours, and the memo. */
export function TransactionDrawer({
  transaction,
  onClose,
}: {
  transaction: TransactionView | null;
  onClose: () => void;
}) {
  const titleId = useId();
  const descriptionId = useId();
  const title = useRef<HTMLHeadingElement>(null);
  return (
    <NativeModal
      open={transaction !== null}
      onOpenChange={(open) => (open ? undefined : onClose())}
      // The title takes focus on opening, so reading starts at the top rather than at the first link (the card).
      initialFocus={() => title.current}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      className="bg-background text-foreground fixed inset-y-0 right-0 left-auto z-50 m-0 flex h-full max-h-none w-full max-w-none flex-col gap-4 overflow-y-auto border-l p-5 shadow-lg backdrop:bg-black/50 sm:max-w-md"
    >
      {transaction ? (
        <>
          <div className="grid gap-1 pr-8">
            <h2
              ref={title}
              id={titleId}
              tabIndex={-1}
              className="focus-visible:ring-ring/50 rounded-sm text-lg font-semibold break-words outline-none focus-visible:ring-[3px]"
            >
              {transaction.merchant}
            </h2>
            <p id={descriptionId} className="text-muted-foreground text-sm">
              {transaction.kind} on {transaction.occurredAt}
            </p>
          </div>
          <div className="grid gap-2">
            <p className="text-2xl font-semibold tabular-nums">
              {transaction.amount}{" "}
              <span className="text-muted-foreground text-sm font-normal">{transaction.currency}</span>
            </p>
            <div className="flex flex-wrap items-center gap-2">
              <TransactionStatusBadge status={transaction.status} />
              {transaction.providerStatus ? (
                <span className="text-muted-foreground text-xs">
                  {transaction.provider} says “{transaction.providerStatus}”
                </span>
              ) : null}
            </div>
            <p className="text-muted-foreground text-sm">{LEDGER_STATUS_MEANING[transaction.status]}</p>
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
            <Row label="Provider type" optional>{transaction.providerType}</Row>
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
          />
          <button
            type="button"
            onClick={onClose}
            className="focus-visible:ring-ring absolute top-4 right-4 rounded-xs opacity-70 hover:opacity-100 focus-visible:ring-2 focus-visible:outline-none"
          >
            <XIcon aria-hidden className="size-4" />
            <span className="sr-only">Close details</span>
          </button>
        </>
      ) : null}
    </NativeModal>
  );
}
