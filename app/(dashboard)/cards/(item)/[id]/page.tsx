import type { Metadata } from "next";
import Link from "next/link";
import { CheckCircle2, ChevronLeft, ClipboardCheck, Eye, X, XCircle } from "lucide-react";
import { AuditHistory, readAuditHistory } from "@/components/audit/audit-history";
import { CardStatements } from "@/components/statements/card-statements";
import { CardActionsBar } from "@/components/cards/card-actions-bar";
import { cardActionIcons } from "@/components/cards/card-action-icons";
import { CardStatusBadge } from "@/components/cards/card-status-badge";
import { ProviderMissingBadge } from "@/components/cards/provider-missing-badge";
import { ProviderReopenedBadge } from "@/components/cards/provider-reopened-badge";
import { ReportedLostBadge } from "@/components/cards/reported-lost-badge";
import { MODEL_LABELS, PROVIDER_LABELS } from "@/components/cards/labels";
import { ORDER_TYPE_LABELS } from "@/components/orders/order-labels";
import { OrderReviews } from "@/components/cards/order-reviews";
import { LimitUsage } from "@/components/cards/limit-usage";
import { ProviderLimitations } from "@/components/cards/provider-limitations";
import { ProviderStatus } from "@/components/cards/provider-status";
import { CardDetailRow } from "@/components/cards/card-detail-row";
import { LiveRefresh } from "@/components/live/live-refresh";
import { CardOwnerPanel } from "@/components/cards/card-owner-panel";
import { cardProductText } from "@/components/cards/card-product-text";
import { NotAvailableNow } from "@/components/cards/not-available-now";
import { NeverIssuedNotice } from "@/components/cards/never-issued-notice";
import { isNeverIssued } from "@/lib/cards/never-issued";
import { readCardActivityStamp } from "@/db/queries/card-activity";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { feeKey, type FeeAction } from "@/lib/fees/product-fees";
import { parseProductFees } from "@/lib/fees/parse-product-fees";
import { findPayingBalance } from "@/lib/funding/paying-balance";
import { closedBalanceNote } from "@/lib/cards/closed-balance";
import { cardVersion } from "@/lib/cards/card-version";
import { expiredBalanceAdvice } from "@/lib/cards/expired-balance";
import { CARD_ORDERS_PAGE_SIZE, cardPageOrders, olderRequestsParam, parseOlderRequestsParam } from "@/lib/cards/card-page-orders";
import { holderStatesFor } from "@/lib/cards/holder-states";
import { limitationsFor, missingCardActions } from "@/lib/cards/provider-limits";
import { capabilitiesFor, supports } from "@/lib/providers";
import { OrderHistory } from "@/components/cards/order-history";
import { OrderTrackerProvider } from "@/components/cards/order-tracker";
import { EmptyState } from "@/components/layout/empty-state";
import { IgnoredParamsAlert } from "@/components/lists/ignored-params-alert";
import { ListPagination } from "@/components/lists/list-pagination";
import { CardRequestLinks } from "@/components/requests/card-request-links";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { listTeams } from "@/db/queries/teams";
import { RevealCardDetails } from "@/components/cards/reveal-card-details";
import { CardTransactions, readCardTransactions } from "@/components/transactions/card-transactions";
import { can } from "@/lib/auth/permissions";
import { ACCOUNT_DISABLED_REASON, availableCardActions, BLOCKED_WHILE_ACCOUNT_DISABLED, cardActionsHeldByState } from "@/lib/cards/card-actions";
import { waitsForOpenOrders } from "@/lib/cards/open-order-rule";
import { NOT_FOUND_AT_PROVIDER_REASON } from "@/lib/cards/provider-missing-label";
import { reopenedAtProviderNote } from "@/lib/cards/provider-reopened-label";
import { isReportedLost, REPORTED_LOST_REASON } from "@/lib/cards/reported-lost";
import { REVEALABLE_STATUSES } from "@/lib/cards/reveal-card";
import { formatMoney, formatUtcDateTime } from "@/lib/format";
import { formatExpiry, formatMaskedNumber } from "@/lib/format-card-number";
import { firstParam, type RawSearchParams } from "@/lib/lists/search-params";
import { approvedRequestAuthority } from "@/lib/requests/authority";
import { cardRequestOffers } from "@/lib/requests/card-request-offers";
import { cardRequestsHeldByState } from "@/lib/requests/held-card-requests";
import { unfreezeAdvice } from "@/lib/requests/unfreeze-advice";
import { requireVisibleCard } from "./load-card";

/** The tab and history name the card, once the same check as the page (requireVisibleCard, one per request) let it through. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { card } = await requireVisibleCard((await params).id);
  return { title: `${card.alias} · Cards` };
}

export default async function CardPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const { card, user } = await requireVisibleCard((await params).id);
  const db = getDb();
  const search = await searchParams;
  // A page of older provider requests ("Older requests"); the newest when absent or not a valid page.
  const olderPage = parseOlderRequestsParam(search);
  const actions = [...availableCardActions(user, card)];
  // What this viewer could do (or, on their own card, ask for) were the account enabled: the notice below says why
  // those are not offered.
  const wouldOffer = (actor: Parameters<typeof availableCardActions>[0]) =>
    [...availableCardActions(actor, { ...card, accountActive: true })].some((action) => BLOCKED_WHILE_ACCOUNT_DISABLED.has(action));
  const accountDisabled = !card.accountActive && (wouldOffer(user) || (card.ownerUserId === user.id && wouldOffer(approvedRequestAuthority(card.organizationId))));
  const managesPeople = actions.includes("reassign");
  // Started before the round below, not when their sections render after it.
  const transactions = readCardTransactions(card, user);
  const historyTarget = { targetType: "card", targetId: card.id };
  const history = readAuditHistory(user, historyTarget);
  // Read before the card's orders and requests below, so anything written while the page renders still moves the
  // version the page polls (lib/cards/card-version.ts); the card row's part is the row this page shows.
  const version = cardVersion(card.updatedAt, await readCardActivityStamp(db, card.id));
  // One round of reads, side by side: each waited for in turn cost the page a database round trip apiece.
  const [account, orders, teams, holderStates, paying, freezeAdvice] = await Promise.all([
    findProviderAccount(db, card.providerAccountId),
    cardPageOrders(db, { cardId: card.id, before: olderPage.before }),
    managesPeople ? listTeams(db, { organizationId: user.organizationId }) : Promise.resolve([]),
    actions.includes("updateAddress") ? holderStatesFor(db, { organizationId: user.organizationId, accountId: card.providerAccountId }) : Promise.resolve([]),
    actions.includes("topUp")
      ? findPayingBalance(db, { providerAccountId: card.providerAccountId, provider: card.provider, productId: card.providerProductId, currency: card.currency })
      : Promise.resolve(null),
    // What the freeze confirmation tells this person about undoing it: unfreezing it themselves, or who approves the request.
    actions.includes("freeze") ? unfreezeAdvice(db, user, card) : Promise.resolve(""),
  ]);
  // Read apart from the page of requests shown: an open one is found however many newer ones there are.
  const { open, inReview } = orders;
  const openTypes = [...open, ...inReview].map((order) => order.type);
  // The server's own rule for what waits (requestCardChange checks it again): a freeze overtakes a money order.
  const freezeWaits = waitsForOpenOrders("freeze", openTypes);
  const reviews = inReview.map((order) => ({
    id: order.id,
    type: order.type,
    what: order.amount !== null && order.currency ? `${ORDER_TYPE_LABELS[order.type]} of ${formatMoney(order.amount, order.currency)}` : ORDER_TYPE_LABELS[order.type],
    sentAt: formatUtcDateTime(order.lastSubmittedAt ?? order.createdAt),
  }));
  // Finance's own card not activated yet: they activate others' cards, so the page says why they ask for this one instead.
  const asksForOwnActivation = can(user, "card.issue") && cardRequestOffers(user, card).includes("activate");
  // The order the user just started elsewhere (the issue form): its result is shown even if it finished already.
  const startedHere = firstParam(search, "order");
  const started = orders.shown.find((order) => order.id === startedHere && !open.some((item) => item.id === order.id));
  const followed = started ? [...open, started] : open;
  const providerLabel = PROVIDER_LABELS[card.provider];
  const closedNote = closedBalanceNote(card, providerLabel);
  const fees = parseProductFees(card.productFees);
  const fee = (action: FeeAction) => fees[feeKey(card.cardModel, action)] ?? null;
  const expiry = formatExpiry(card.expiryMonth, card.expiryYear);
  const shareBalance = card.cardModel === "sharebalance";
  const capabilities = capabilitiesFor(card.provider, account?.settings);
  // Only what this viewer could otherwise do (or ask for): an auditor is not told what the provider cannot do. A card
  // closed, or never issued (its issuance failed), takes no change at all, so no provider's gap is worth a word.
  const missing = card.status === "cancelled" || card.status === "failed" ? [] : limitationsFor(user, card, missingCardActions(capabilities, card.cardModel));
  const missingSince = card.providerMissingSince;
  const reopenedSince = card.providerReopenedSince;
  const reportedLost = isReportedLost(card);
  const mayReveal = !missingSince && can(user, "card.reveal", card) && card.providerCardId !== null && REVEALABLE_STATUSES.has(card.status) && supports(capabilities, "getCardSecrets");

  return (
    <>
      {/* The card page follows changes made by anyone else (lib/cards/card-version.ts). */}
      <LiveRefresh source={`/api/cards/${card.id}/version`} version={version} />
      <div className="mb-6 grid gap-3">
        <Link href="/cards" className="text-muted-foreground hover:text-foreground inline-flex w-fit items-center gap-1 text-sm">
          <ChevronLeft aria-hidden className="size-4" /> Cards
        </Link>
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div className="grid gap-1.5">
            <div className="flex flex-wrap items-center gap-3">
              <h1 className="text-2xl font-semibold tracking-tight">{card.alias}</h1>
              <CardStatusBadge status={card.status} />
              {missingSince ? <ProviderMissingBadge since={missingSince} /> : null}
              {reopenedSince ? <ProviderReopenedBadge since={reopenedSince} /> : null}
              {reportedLost ? <ReportedLostBadge /> : null}
            </div>
            <p className="text-muted-foreground font-mono text-sm">{formatMaskedNumber(card.maskedNumber, card.last4, card.status)}</p>
            {card.tags.length > 0 ? (
              <ul className="flex flex-wrap gap-1">
                {card.tags.map((tag) => (
                  <li key={tag}>
                    <Badge variant="secondary">{tag}</Badge>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
          <div className="flex flex-wrap gap-2" data-slot="card-header-actions">
            {mayReveal ? <RevealCardDetails cardId={card.id} needsReason={card.ownerUserId === null} usesTotp={user.hasTotp} icon={<Eye aria-hidden />} /> : null}
            {missingSince ? null : <CardRequestLinks user={user} card={card} />}
          </div>
        </div>
      </div>

      <OrderTrackerProvider
        initial={followed.map((order) => ({ id: order.id, type: order.type }))}
        // A card its provider refused to issue takes focus on its own notice instead (NeverIssuedNotice).
        focusOnArrival={!isNeverIssued(card) && followed.some((order) => order.id === startedHere)}
        cardStatus={card.status}
        providerLabel={providerLabel}
        icons={{
          done: <CheckCircle2 aria-hidden className="text-success mt-0.5 size-4 shrink-0" />,
          failed: <XCircle aria-hidden className="text-destructive mt-0.5 size-4 shrink-0" />,
          dismiss: <X aria-hidden />,
        }}
      >
        <div className="grid gap-6">
          <NeverIssuedNotice user={user} card={card} orders={orders.shown} providerLabel={providerLabel} arrived={startedHere !== undefined} />
          <CardActionsBar
            card={card}
            actions={actions}
            providerLabel={providerLabel}
            fees={{ cancel: fee("cancel"), topUp: fee("topup"), withdraw: fee("withdraw") }}
            paying={paying}
            // The reassign picker searches active people on the server; nobody may make themselves the owner (the
            // server refuses it too), so they are not offered.
            owner={card.ownerUserId && card.ownerName ? { id: card.ownerUserId, label: card.ownerName } : null}
            selfId={user.id}
            teams={teams}
            busy={openTypes.length > 0}
            freezeWaits={freezeWaits}
            holderStates={holderStates}
            blockedReason={missingSince ? NOT_FOUND_AT_PROVIDER_REASON : null}
            icons={cardActionIcons()}
            unfreezeAdvice={freezeAdvice}
            expiredAdvice={expiredBalanceAdvice(card)}
          />
          {asksForOwnActivation && !missingSince ? (
            <p role="note" className="text-muted-foreground text-sm">
              This card is yours and not activated yet. Activating it releases its money, so you ask for it and another finance member approves (four eyes).
            </p>
          ) : null}
          {accountDisabled && !missingSince ? (
            <p role="note" className="text-muted-foreground text-sm">
              {ACCOUNT_DISABLED_REASON}
            </p>
          ) : null}
          {reopenedSince ? (
            <p role="note" className="text-destructive text-sm">
              {reopenedAtProviderNote(providerLabel)}
            </p>
          ) : null}
          {reportedLost && !missingSince ? (
            <p role="note" className="text-muted-foreground text-sm">
              {REPORTED_LOST_REASON}
            </p>
          ) : null}
          {missingSince ? null : <NotAvailableNow held={cardActionsHeldByState(user, card)} heldRequests={cardRequestsHeldByState(user, card)} />}
          <ProviderLimitations providerLabel={providerLabel} missing={missing} forCardholder={card.ownerUserId === user.id} />

          <div className="grid items-start gap-4 md:grid-cols-3">
            <Card className="gap-3">
              <CardHeader>
                <CardTitle>{shareBalance ? "Spending limits" : "Balance"}</CardTitle>
              </CardHeader>
              <CardContent className="grid gap-3">
                {shareBalance ? (
                  <>
                    <LimitUsage card={card} className="text-lg font-semibold" />
                    <dl>
                      <CardDetailRow label="Per transaction">{card.limitPerTransaction !== null ? formatMoney(card.limitPerTransaction, card.currency) : null}</CardDetailRow>
                      <CardDetailRow label="Lifetime">{card.limitLifetime !== null ? formatMoney(card.limitLifetime, card.currency) : "Unlimited"}</CardDetailRow>
                    </dl>
                    <p className="text-muted-foreground text-xs">Spends from the shared {providerLabel} funding account.</p>
                  </>
                ) : (
                  <>
                    <p className="text-2xl font-semibold tabular-nums">{formatMoney(card.balance, card.currency)}</p>
                    {/* A Cardepass v2 Standard card may carry a per-transaction limit of its own (no lifetime cap, no use). */}
                    {card.limitPerTransaction !== null ? (
                      <dl>
                        <CardDetailRow label="Per transaction">{formatMoney(card.limitPerTransaction, card.currency)}</CardDetailRow>
                      </dl>
                    ) : null}
                  </>
                )}
                {closedNote ? (
                  <p role="note" className="text-muted-foreground text-sm">
                    {closedNote}
                  </p>
                ) : null}
              </CardContent>
            </Card>
            <CardOwnerPanel card={card} />
            <Card className="gap-3">
              <CardHeader>
                <CardTitle>Provider</CardTitle>
              </CardHeader>
              <CardContent>
                <dl>
                  <CardDetailRow label="Account">{card.accountLabel}</CardDetailRow>
                  <CardDetailRow label="Provider">{`${providerLabel} · ${MODEL_LABELS[card.cardModel]}`}</CardDetailRow>
                  <CardDetailRow label="Product">{cardProductText(card)}</CardDetailRow>
                  <CardDetailRow label="Provider card id">{card.providerCardId ? <span className="font-mono text-xs">{card.providerCardId}</span> : null}</CardDetailRow>
                  <CardDetailRow label="Provider status">{card.providerStatus ? <ProviderStatus provider={card.provider} status={card.providerStatus} /> : null}</CardDetailRow>
                  {missingSince ? <CardDetailRow label="At provider">{`Not found since ${formatUtcDateTime(missingSince)}`}</CardDetailRow> : null}
                  {reopenedSince ? <CardDetailRow label="At provider">{`Reported open since ${formatUtcDateTime(reopenedSince)}`}</CardDetailRow> : null}
                  <CardDetailRow label="Currency">{card.currency}</CardDetailRow>
                  <CardDetailRow label="Expires">{expiry}</CardDetailRow>
                  <CardDetailRow label="Holder name">{card.holderName}</CardDetailRow>
                </dl>
              </CardContent>
            </Card>
          </div>

          <CardTransactions card={card} reads={transactions} />

          <section aria-labelledby="orders-heading" className="grid gap-3">
            <h2 id="orders-heading" className="text-lg font-semibold">
              Provider requests
            </h2>
            <OrderReviews
              resolveIcon={<ClipboardCheck aria-hidden />}
              reviews={reviews}
              providerLabel={providerLabel}
              mayResolve={can(user, "order.resolve", card)}
              mayFreeze={actions.includes("freeze") && !freezeWaits && !missingSince}
            />
            <IgnoredParamsAlert ignored={olderPage.ignored} />
            {orders.shown.length === 0 ? (
              <EmptyState title={olderPage.before ? "No older requests for this card" : "No requests sent for this card yet"} />
            ) : (
              <OrderHistory orders={orders.shown} />
            )}
            {orders.older || olderPage.before ? (
              <p className="text-muted-foreground text-sm">
                {olderPage.before
                  ? `Older requests, up to ${CARD_ORDERS_PAGE_SIZE} at a time.`
                  : `The newest ${CARD_ORDERS_PAGE_SIZE} requests are shown; the card has older ones.`}
              </p>
            ) : null}
            <ListPagination
              label="Provider request pages"
              previousHref={olderPage.before ? `/cards/${card.id}#orders-heading` : undefined}
              previousLabel="Newest requests"
              nextHref={orders.older ? `/cards/${card.id}${olderRequestsParam(orders.older)}#orders-heading` : undefined}
              nextLabel="Older requests"
            />
          </section>

          <CardStatements user={user} card={card} />
          <AuditHistory {...historyTarget} reads={history} />
        </div>
      </OrderTrackerProvider>
      {/* Kept visible so it is clear the data is Cardhub's copy, not a live provider read. */}
      <p className="text-muted-foreground mt-6 text-xs">Shown from Cardhub&apos;s records; times are UTC.</p>
      <Button asChild variant="link" className="sr-only focus:not-sr-only">
        <Link href="/cards">Back to cards</Link>
      </Button>
    </>
  );
}
