import type { Metadata } from "next";
import Link from "next/link";
import { ChevronLeft } from "lucide-react";
import { AutoRefresh } from "@/components/requests/auto-refresh";
import { DecisionPanel } from "@/components/requests/decision-panel";
import { SentAnnouncement } from "@/components/requests/sent-announcement";
import { APPROVER_ROLE_LABELS, REQUEST_KIND_LABELS } from "@/components/requests/labels";
import { RequestActions } from "@/components/requests/requester-actions";
import { RequestStatusBadge } from "@/components/requests/request-status-badge";
import { cardNowText, releasedText, termsText } from "@/components/requests/request-summary";
import { termsLowered } from "@/lib/requests/terms";
import { CostSummary } from "@/components/cards/cost-summary";
import { loadRequestCost } from "@/lib/requests/load-request-cost";
import { requestCostQuote } from "@/lib/requests/request-cost";
import { RequestTimeline } from "@/components/requests/request-timeline";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db/client";
import type { CardView } from "@/db/queries/cards";
import { findProduct } from "@/db/queries/products";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { listRequestEvents, type CardRequestRow } from "@/db/queries/requests";
import { isStatusChangeRequest } from "@/db/schema/requests";
import { findTeam } from "@/db/queries/teams";
import { findUserById } from "@/db/queries/users";
import { auditSearchString } from "@/lib/audit/search-string";
import { can } from "@/lib/auth/permissions";
import { formatMoney, minorToDecimalText } from "@/lib/format";
import { productLabelWithOriginal } from "@/lib/products/product-label";
import { APPROVER_LABELS, routeAfterStandIn, stepApprovers, whyCannotTakeStep } from "@/lib/requests/policy";
import { routeReason } from "@/lib/requests/route-reason";
import { failureOrigin } from "@/lib/requests/failure-origin";
import { isWithdrawable } from "@/lib/requests/withdrawable";
import { isWaitingOnCard } from "@/lib/requests/waiting-on-card";
import { whyCardRequestNotApprovable } from "@/lib/requests/card-request-approvable";
import { tookStepAsFinance } from "@/lib/requests/stand-in";
import { ProviderText } from "@/components/providers/provider-text";
import { requireVisibleRequest } from "./load-request";

/** The page's heading as its title (kind, and the card it is about), once the page's own check let the viewer in. */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { request, card } = await requireVisibleRequest((await params).id);
  return { title: `${requestHeading(request, card)} · Requests` };
}

function requestHeading(request: CardRequestRow, card: CardView | null): string {
  return `${REQUEST_KIND_LABELS[request.kind]}${card && request.kind !== "new_card" ? ` · ${card.alias}` : ""}`;
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[9rem_1fr] gap-2 py-1.5 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children ?? <span className="text-muted-foreground">—</span>}</dd>
    </div>
  );
}

export default async function RequestPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ sent?: string | string[] }> }) {
  const { sent } = await searchParams;
  const db = getDb();
  const { request, card, user } = await requireVisibleRequest((await params).id);
  const details = request.details as { alias?: string; productId?: string; kind?: string };
  const [events, requester, beneficiary, team, account, stoppedBy, product] = await Promise.all([
    listRequestEvents(db, request.id),
    findUserById(db, request.requesterUserId),
    findUserById(db, request.beneficiaryUserId),
    findTeam(db, request.teamId),
    request.providerAccountId ? findProviderAccount(db, request.providerAccountId) : Promise.resolve(null),
    failureOrigin(db, request),
    request.providerAccountId && details.productId ? findProduct(db, { providerAccountId: request.providerAccountId, providerProductId: details.productId }) : Promise.resolve(null),
  ]);
  const [costView, step, cannotTakeStep] = await Promise.all([
    // What approving takes from the funding account, on the server (the funding balance only for funding.view).
    loadRequestCost(db, { request, card, product, account, viewer: user }),
    // Who may take the step now (finance, when the team has no manager who could), and whether this person may: the
    // server's own rule, which it applies again when they decide.
    request.status === "pending" && request.awaiting ? stepApprovers(db, request, request.awaiting) : Promise.resolve({ standIn: false, people: [] }),
    whyCannotTakeStep(db, user, request),
  ]);
  const waitingFor = step.people;
  const mayDecide = cannotTakeStep === null;
  // What the card has now beside what is asked, to whoever may see the card (a request's viewer may not: it changed hands).
  const nowText = card && can(user, "card.view", card) ? cardNowText(request.kind, card) : null;
  // Finance standing in is followed by a second finance member (lib/requests/decide-request.ts): a step is added then.
  const addsFinanceStep = step.standIn && routeAfterStandIn(request.steps, request.currentStep).length > request.steps.length;
  const stepLabel = `Step ${request.currentStep + 1} of ${request.steps.length + (addsFinanceStep ? 1 : 0)}: ${
    request.awaiting === "finance"
      ? "a finance approval"
      : step.standIn
        ? `the team manager's approval, which finance takes because the team has no manager who could approve it; ${addsFinanceStep ? "a second finance member approves after you" : "another finance member approves after you"}`
        : "the team manager's approval"
  }.`;
  // The server's own refusals of an approval (lib/requests/decide-request.ts): only rejecting is offered, with the reason.
  const notApprovable = card && request.kind !== "new_card" ? whyCardRequestNotApprovable({ ...request, kind: request.kind }, card) : null;
  // Until anything reaches the provider: an approved request waiting for another change to its card included.
  const nothingSent = await isWithdrawable(db, request);
  const mayCancel = user.id === request.requesterUserId && nothingSent;
  // Held back by another change to its card (lib/requests/busy-card.ts), with nothing sent for it yet.
  const waitingOnCard = isWaitingOnCard(request) && nothingSent;
  const mayRetry = request.status === "failed" && user.roles.includes("finance") && user.id !== request.requesterUserId && user.id !== request.beneficiaryUserId;
  const mayReadAudit = can(user, "audit.view", { organizationId: request.organizationId, ownerUserId: request.beneficiaryUserId, teamId: request.teamId });
  const lowered = termsLowered(request.requested, request.approved);
  const decimalTerms = Object.fromEntries(Object.entries(request.approved).map(([field, minor]) => [field, minorToDecimalText(BigInt(minor), request.currency)]));
  const routeReasonText = routeReason({ basis: request.policyBasis, policyAmount: request.policyAmount, threshold: request.threshold, currency: request.currency, beneficiaryName: beneficiary?.name ?? "this person" });
  const formatted = (terms: typeof request.approved) => Object.fromEntries(Object.entries(terms).map(([field, minor]) => [field, formatMoney(BigInt(minor), request.currency)]));

  return (
    <>
      {request.status === "approved" || request.status === "executing" ? <AutoRefresh /> : null}
      <div className="mb-6 grid gap-3">
        <Link href="/requests" className="text-muted-foreground hover:text-foreground inline-flex w-fit items-center gap-1 text-sm">
          <ChevronLeft aria-hidden className="size-4" /> Requests
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{requestHeading(request, card)}</h1>
          <RequestStatusBadge status={request.status} awaiting={request.awaiting} financeStandsIn={step.standIn} waitingOnCard={waitingOnCard} />
        </div>
        {/* A link or any long word in the purpose wraps rather than widen the page past a phone's screen. */}
        <p className="text-muted-foreground max-w-prose text-sm wrap-anywhere">{request.purpose}</p>
      </div>

      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="grid content-start gap-6">
          {/* Arrived here from the request form (?sent=1): say it went, where focus lands, instead of only the page title. */}
          {sent === "1" && user.id === request.requesterUserId ? (
            <SentAnnouncement
              message={`Request sent.${request.status === "pending" && request.awaiting ? ` It now waits for approval from ${request.awaiting === "finance" ? "finance" : step.standIn ? "finance, in place of the team's manager (the team has none who can approve it)" : "the team's manager"}; you are told when it is decided.` : ""}`}
            />
          ) : null}
          {request.status === "failed" ? (
            <Alert variant="destructive">
              <p className="font-medium">{stoppedBy === "provider" ? "The provider refused this." : "Cardhub stopped this before sending it to the provider."}</p>
              <p>{request.failureMessage ? <ProviderText text={request.failureMessage} /> : "It gave no reason."}</p>
              {mayRetry ? (
                <p className="mt-1">
                  Retry only once what stopped it has changed, for example after funding the provider account. A retry can never carry the order out twice.
                </p>
              ) : null}
            </Alert>
          ) : null}
          {notApprovable && !mayDecide && (request.status === "pending" || request.status === "approved") ? (
            <Alert variant="destructive">
              <p>{notApprovable}</p>
            </Alert>
          ) : null}
          {request.status === "pending" && waitingFor.length === 0 ? (
            <Alert variant="destructive">
              <p className="font-medium">Nobody can approve this step right now.</p>
              <p>
                It waits for {APPROVER_ROLE_LABELS[request.awaiting!]}
                {step.standIn ? " (the team has none, so finance would take it)" : ""}, and no active person other than you can take it. Cancel it, or ask an
                administrator to name an approver.
              </p>
            </Alert>
          ) : null}
          {lowered ? (
            <Alert>
              <p>
                An approver lowered this request: asked {termsText(request.requested, request.currency)}, approved{" "}
                <strong className="font-semibold">{termsText(request.approved, request.currency)}</strong>.
              </p>
            </Alert>
          ) : null}
          {/* Always rendered: once decided it leaves, and what it announces must stay (components/forms/action-announcement.tsx). */}
          <DecisionPanel
            open={mayDecide}
            requestId={request.id}
            status={request.status}
            step={request.currentStep}
            currency={request.currency}
            terms={decimalTerms}
            termsText={formatted(request.approved)}
            askedText={formatted(request.requested)}
            stepLabel={stepLabel}
            approveBlockedBy={notApprovable}
            cost={costView ? { cost: costView.cost, paying: costView.paying } : null}
          />
          <RequestActions requestId={request.id} status={request.status} mayCancel={mayCancel} mayRetry={mayRetry} />
          <section aria-labelledby="timeline-heading" className="grid gap-3">
            <h2 id="timeline-heading" className="text-lg font-semibold">
              Timeline
            </h2>
            <RequestTimeline events={events} steps={request.steps} currency={request.currency} />
            {request.status === "pending" && waitingFor.length > 0 ? (
              <p className="text-muted-foreground text-sm">
                Next: {step.standIn ? "finance, in place of the team's manager" : APPROVER_ROLE_LABELS[request.awaiting!]} ({waitingFor.map((person) => person.name).join(", ")}).
              </p>
            ) : null}
            {request.status === "approved" || request.status === "executing" ? (
              <p role="status" className="text-muted-foreground text-sm">
                {waitingOnCard
                  ? "Waiting for another change to this card to finish; nothing has been sent to the provider for this request yet. This page updates by itself."
                  : "Cardhub is carrying this out at the provider; this page updates by itself."}
              </p>
            ) : null}
            {mayReadAudit ? (
              <Link href={`/audit${auditSearchString({ targetType: "request", targetId: request.id })}`} className="text-primary w-fit text-sm underline decoration-current/30 underline-offset-4 hover:decoration-current">
                This request in the audit log
              </Link>
            ) : null}
          </section>
        </div>
        {/* On a phone the details come first: an approver reads what is asked before the decision under it. */}
        <Card className="h-fit gap-3 max-lg:order-first">
          <CardHeader>
            <CardTitle>Details</CardTitle>
          </CardHeader>
          <CardContent>
            <dl>
              <Row label="For">{beneficiary?.name}</Row>
              {requester && requester.id !== beneficiary?.id ? <Row label="Asked by">{requester.name}</Row> : null}
              <Row label="Team">{team?.name}</Row>
              <Row label={lowered ? "Approved" : "Amount"}>
                {isStatusChangeRequest(request.kind)
                  ? `${releasedText({ policyAmount: request.policyAmount, currency: request.currency, cardModel: card?.cardModel ?? null })} No money moves.`
                  : termsText(request.approved, request.currency)}
              </Row>
              {lowered ? <Row label="Asked">{termsText(request.requested, request.currency)}</Row> : null}
              {nowText ? <Row label="Card now">{nowText}</Row> : null}
              <Row label="Needed by">{request.neededBy}</Row>
              <Row label="Route">
                <ol className="list-inside list-decimal">
                  {request.steps.map((step, index) => (
                    <li key={index}>{APPROVER_LABELS[step].replace(/^./, (first) => first.toUpperCase())}</li>
                  ))}
                </ol>
                <span className="text-muted-foreground block text-xs">Finance approves from {formatMoney(request.threshold, request.currency)}.</span>
                {events.some(tookStepAsFinance) ? (
                  <span className="text-muted-foreground block text-xs">Finance took the manager&apos;s step, so a second finance member approves too.</span>
                ) : addsFinanceStep ? (
                  <span className="text-muted-foreground block text-xs">
                    The team has no manager who can approve it: finance takes the manager&apos;s step, and a second finance member approves after them.
                  </span>
                ) : null}
              </Row>
              {card ? (
                <Row label="Card">
                  <Link href={`/cards/${card.id}`} className="text-primary underline decoration-current/30 underline-offset-4 hover:decoration-current focus-visible:decoration-current">
                    {card.alias}
                  </Link>
                </Row>
              ) : null}
              {request.kind === "new_card" ? (
                <>
                  <Row label="Account">{account?.label}</Row>
                  <Row label="Product">{product ? productLabelWithOriginal(product) : details.productId}</Row>
                  <Row label="Card name">{details.alias}</Row>
                </>
              ) : null}
            </dl>
            {/* The fee the provider charged once it is known; before, the quote where no decision panel shows it already. */}
            {costView?.charged ? (
              <p className="text-muted-foreground mt-2 text-sm">
                Fee charged by {costView.cost.providerLabel}: <span className="text-foreground tabular-nums">{formatMoney(costView.charged.fee, costView.charged.currency)}</span>
              </p>
            ) : costView?.feeUnstated ? (
              <p className="text-muted-foreground mt-2 text-sm">
                Fee charged by {costView.cost.providerLabel}: not stated in its answer.
              </p>
            ) : costView && (request.status === "rejected" || request.status === "cancelled") ? (
              // Decided against, or withdrawn, before anything reached the provider: no quote of money that never moved.
              <p className="text-muted-foreground mt-2 text-sm">Nothing was charged: this request was {request.status === "rejected" ? "rejected" : "cancelled"}.</p>
            ) : costView && !mayDecide ? (
              <div className="mt-2">
                <CostSummary
                  id="request-cost"
                  currency={request.currency}
                  amount={costView.cost.amount}
                  amountLabel={costView.cost.amountLabel}
                  fee={requestCostQuote(costView.cost, costView.cost.amount).fee}
                  providerLabel={costView.cost.providerLabel}
                  totalLabel={costView.cost.totalLabel}
                  paying={request.status === "pending" ? costView.paying : null}
                />
              </div>
            ) : null}
            {routeReasonText ? <p className="text-muted-foreground mt-2 border-t pt-3 text-sm">{routeReasonText}</p> : null}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
