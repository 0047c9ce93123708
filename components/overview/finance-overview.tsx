import { Suspense } from "react";
import Link from "next/link";
import { AlertTriangle } from "lucide-react";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import { ORDER_TYPE_LABELS } from "@/components/orders/order-labels";
import { IntentLink } from "@/components/layout/intent-link";
import { Skeleton } from "@/components/ui/skeleton";
import type { MerchantSpend } from "@/db/queries/overview-spend";
import { FINANCE_RANGES, FINANCE_SPLITS, type FinanceOverview, type FinanceRange, type FinanceSplit } from "@/lib/overview/load-overview";
import { spendCharts } from "@/lib/overview/chart-data";
import { topMerchantHref } from "@/lib/overview/overview-links";
import { formatMoney, formatUtcDate, formatUtcDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";
import { countText, MoreNotShown } from "./bounded-count";
import { declinePercent, declineRateText } from "./decline-rate";
import { FundingSummary } from "./funding-summary";
import { OverviewGroup, OverviewPanel, Quiet } from "./overview-panel";
import { PendingApprovalsPanel } from "./pending-approvals";
import { SpendByDay } from "./spend-by-day";

const SPLIT_LABELS: Record<FinanceSplit, string> = { provider: "By provider", team: "By team" };

function ViewLinks({ range, split }: { range: FinanceRange; split: FinanceSplit }) {
  const link = (next: { range: FinanceRange; split: FinanceSplit }, label: string, current: boolean) => (
    <Link
      key={label}
      href={`/?range=${next.range}&split=${next.split}`}
      scroll={false}
      aria-current={current ? "true" : undefined}
      className={cn(
        "rounded-md px-2.5 py-1 text-sm",
        current ? "bg-primary text-primary-foreground" : "text-muted-foreground hover:bg-accent hover:text-accent-foreground",
      )}
    >
      {label}
    </Link>
  );
  return (
    <div className="flex flex-wrap gap-3">
      <nav aria-label="Chart period" className="bg-muted/50 flex gap-1 rounded-lg border p-1">
        {FINANCE_RANGES.map((value) => link({ range: value, split }, `${value} days`, value === range))}
      </nav>
      <nav aria-label="Chart split" className="bg-muted/50 flex gap-1 rounded-lg border p-1">
        {FINANCE_SPLITS.map((value) => link({ range, split: value }, SPLIT_LABELS[value], value === split))}
      </nav>
    </div>
  );
}

/** Placeholder rows while the top merchants are still being read (they stream in after the rest of the overview). */
function MerchantsLoading() {
  return (
    <div role="status" aria-label="Loading top merchants" className="grid gap-2">
      {[0, 1, 2].map((row) => (
        <Skeleton key={row} className="h-5 w-full" />
      ))}
    </div>
  );
}

async function TopMerchants({ merchants, from }: { merchants: Promise<MerchantSpend[]>; from: Date }) {
  return <TopMerchantList list={await merchants} from={from} />;
}

/**
 * The ranked merchants. Each name links to the transactions list over the same period and currency; that list finds
 * merchants *containing* the name (it has no exact search), which the note below says. "Unknown merchant" (blank
 * names) has no link: the list cannot search for a blank name.
 */
export function TopMerchantList({ list, from }: { list: MerchantSpend[]; from: Date }) {
  if (list.length === 0) return <Quiet>No spend in this period.</Quiet>;
  const since = formatUtcDate(from);
  return (
    <>
      <ol className="divide-y text-sm" data-testid="top-merchants">
        {list.map((merchant) => {
          const href = topMerchantHref(merchant, from);
          return (
            <li key={`${merchant.currency}-${merchant.merchant}`} className="flex items-baseline justify-between gap-3 py-1.5 first:pt-0 last:pb-0">
              <span className="min-w-0 truncate">
                {href ? (
                  <IntentLink
                    href={href}
                    title={`Every ${merchant.currency} transaction since ${since} (UTC) whose merchant contains “${merchant.merchant}”`}
                    className="underline-offset-4 hover:underline"
                  >
                    {merchant.merchant}
                  </IntentLink>
                ) : (
                  <span title="Transactions without a merchant name; the transactions list cannot search for them">{merchant.merchant}</span>
                )}
                <span className="text-muted-foreground text-xs">
                  {" "}
                  · {merchant.purchases} {merchant.purchases === 1 ? "purchase" : "purchases"}
                </span>
              </span>
              <span className="shrink-0 font-medium tabular-nums">{formatMoney(merchant.spent, merchant.currency)}</span>
            </li>
          );
        })}
      </ol>
      <p className="text-muted-foreground text-xs">A name opens every transaction since {since} whose merchant contains it, so the list may include similar names.</p>
    </>
  );
}

export function FinanceOverviewSection({ data, now }: { data: FinanceOverview; now: Date }) {
  const charts = spendCharts(
    data.spendByDay,
    data.chartFrom,
    now,
    (row) => (data.split === "provider" ? (PROVIDER_LABELS[row.seriesKey as keyof typeof PROVIDER_LABELS] ?? row.seriesLabel) : row.seriesLabel),
    data.split === "provider" ? "Other providers" : "Other teams",
  );
  return (
    <OverviewGroup id="overview-company" title="The company's money">
      <OverviewPanel
        id="overview-spend-chart"
        title="Spend by day"
        description={`The last ${data.range} days (UTC), ${data.split === "provider" ? "by provider" : "by team"}.`}
        className="lg:col-span-2"
      >
        <ViewLinks range={data.range} split={data.split} />
        <SpendByDay charts={charts} title="Spend by day" idPrefix="company-chart" split />
      </OverviewPanel>
      <OverviewPanel
        id="overview-merchants"
        title="Top merchants"
        description={`Spend since ${formatUtcDate(data.merchantsFrom)} (UTC), ranked within each currency. Counted by whole month, so it reaches back past the last ${data.range} days.`}
      >
        <Suspense fallback={<MerchantsLoading />}>
          <TopMerchants merchants={data.topMerchants} from={data.merchantsFrom} />
        </Suspense>
      </OverviewPanel>
      <OverviewPanel
        id="overview-decline-rate"
        title="Decline rate"
        description={`The last ${data.range} days, every provider.`}
        link={{ href: `/transactions?status=declined&from=${data.chartFrom.toISOString().slice(0, 10)}`, label: "See declines" }}
      >
        <p className="text-2xl font-semibold tabular-nums" data-testid="company-decline-percent">
          {declinePercent(data.declineRate)}
        </p>
        <Quiet>
          <span data-testid="company-decline-rate">{declineRateText(data.declineRate)}</span>
        </Quiet>
      </OverviewPanel>
      <OverviewPanel id="overview-funding" title="Funding balances" link={{ href: "/funding", label: "Funding" }} className="lg:col-span-2">
        <FundingSummary funding={data.funding} lowBalances={data.lowBalances} />
      </OverviewPanel>
      <PendingApprovalsPanel approvals={data.approvals} idPrefix="company" />
      <OverviewPanel id="overview-failed-orders" title="Failed orders" description="Refused by a provider in the last 30 days.">
        {data.failedOrders.length === 0 ? (
          <Quiet>No provider refused an order.</Quiet>
        ) : (
          <ul className="divide-y text-sm">
            {data.failedOrders.map((order) => (
              <li key={order.id} className="grid gap-0.5 py-2 first:pt-0 last:pb-0">
                <span>
                  <span className="font-medium">{ORDER_TYPE_LABELS[order.type] ?? order.type}</span>
                  {order.amount !== null ? ` of ${formatMoney(order.amount, order.currency)}` : null}
                  {order.card ? (
                    <>
                      {" on "}
                      <Link href={`/cards/${order.card.id}`} className="underline underline-offset-4">
                        {order.card.alias}
                      </Link>
                    </>
                  ) : null}
                </span>
                <span className="text-muted-foreground text-xs">
                  {PROVIDER_LABELS[order.provider]} · {order.failedAt ? <time dateTime={order.failedAt.toISOString()}>{formatUtcDateTime(order.failedAt)}</time> : "time unknown"}
                  {order.failureMessage ? ` · ${order.failureMessage}` : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </OverviewPanel>
      <OverviewPanel
        id="overview-missing-cards"
        title={data.missingCount.counted === 0 ? "Cards not found at their provider" : `Cards not found at their provider (${countText(data.missingCount)})`}
        description="A sync asked for these and the provider no longer knows them."
      >
        {data.missingCards.length === 0 ? (
          <Quiet>Every card was found at its provider.</Quiet>
        ) : (
          <>
            <FlaggedCards cards={data.missingCards} detail={(card) => <>missing since <UtcTime at={card.providerMissingSince} /></>} />
            <MoreNotShown shown={data.missingCards.length} count={data.missingCount} which="newest" />
          </>
        )}
      </OverviewPanel>
      {/* Rare and always wrong at the provider: shown only while there is one to follow up. */}
      {data.reopenedCards.length > 0 ? (
        <OverviewPanel
          id="overview-reopened-cards"
          title={`Cancelled cards open at their provider (${countText(data.reopenedCount)})`}
          description="A sync found these cancelled cards open; Cardhub keeps them cancelled."
        >
          <FlaggedCards
            cards={data.reopenedCards}
            detail={(card) => (
              <>
                reported open{card.providerStatus ? ` (${card.providerStatus})` : ""} since <UtcTime at={card.providerReopenedSince} />
              </>
            )}
          />
          <MoreNotShown shown={data.reopenedCards.length} count={data.reopenedCount} which="newest" />
        </OverviewPanel>
      ) : null}
    </OverviewGroup>
  );
}

function UtcTime({ at }: { at: Date }) {
  return <time dateTime={at.toISOString()}>{formatUtcDateTime(at)}</time>;
}

type FlaggedCard = { id: string; alias: string; last4: string | null; accountLabel: string; provider: keyof typeof PROVIDER_LABELS };

/** Cards a sync found wrong at their provider, each a link to its page with what was found. */
function FlaggedCards<Card extends FlaggedCard>({ cards, detail }: { cards: readonly Card[]; detail: (card: Card) => React.ReactNode }) {
  return (
    <ul className="divide-y text-sm">
      {cards.map((card) => (
        <li key={card.id} className="flex items-start gap-2 py-2 first:pt-0 last:pb-0">
          <AlertTriangle aria-hidden className="text-destructive mt-0.5 size-4 shrink-0" />
          <span className="grid gap-0.5">
            <Link href={`/cards/${card.id}`} className="font-medium underline-offset-4 hover:underline">
              {card.alias}
              {card.last4 ? (
                <>
                  {" "}
                  <span className="whitespace-nowrap">·· {card.last4}</span>
                </>
              ) : null}
            </Link>
            <span className="text-muted-foreground text-xs">
              {card.accountLabel} ({PROVIDER_LABELS[card.provider]}) · {detail(card)}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}
