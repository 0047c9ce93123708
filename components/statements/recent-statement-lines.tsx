import Link from "next/link";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { findSyncHealth } from "@/db/queries/provider-sync-status";
import { listStatements, type StatementFilter } from "@/db/queries/statements";
import { formatUtcDateTime } from "@/lib/format";
import { isFailing } from "@/lib/provider-accounts/background-sync";
import { STATEMENTS_SYNC } from "@/lib/statements/sync-statements";
import { DEEP_DAYS, STATEMENTS_DEEP_SYNC } from "@/lib/statements/deep-read";
import { statementQuery } from "@/lib/statements/filters";
import { NoOwnLedgerHint } from "./no-own-ledger-hint";
import { StatementList } from "./statement-list";
import { ProviderText } from "@/components/providers/provider-text";

const RECENT = 5;

/**
 * The newest few statement lines of an account or a card, with the way to the full, filterable statement. A card's are
 * its own ledger's lines only (the card's balance); the funding account's lines that name it are one link away.
 */
export async function RecentStatementLines({
  scope,
  name,
  headingId,
  providerAccountId,
  level = 3,
  accountLines = false,
  ownLedger = true,
}: {
  level?: 2 | 3;
  scope: { account: string } | { card: string };
  name: string;
  headingId: string;
  providerAccountId: string;
  /** A card's: link the funding account's lines that name it (providers with a funding-account ledger). */
  accountLines?: boolean;
  /** A card's: false when it keeps no ledger of its own (a ShareBalance card spends from the funding account). */
  ownLedger?: boolean;
}) {
  const filter: StatementFilter = "card" in scope ? { cardId: scope.card, source: "card" } : { providerAccountId: scope.account };
  const [{ rows }, health, deep] = await Promise.all([
    listStatements(getDb(), { filter, limit: RECENT }),
    findSyncHealth(getDb(), { providerAccountId, kind: STATEMENTS_SYNC }),
    findSyncHealth(getDb(), { providerAccountId, kind: STATEMENTS_DEEP_SYNC }),
  ]);
  const failedSinceSuccess = isFailing(health);
  const Heading = level === 2 ? "h2" : "h3";
  const query = statementQuery({ account: "account" in scope ? scope.account : null, card: "card" in scope ? scope.card : null, source: null, from: null, to: null, type: null });
  return (
    <section aria-labelledby={headingId} className="grid gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <Heading id={headingId} className={level === 2 ? "text-lg font-semibold" : "font-semibold"}>
            {level === 2 ? (
              "Statement"
            ) : (
              <>
                {/* "Latest", not "recent": an account quiet for months shows its newest lines, however old, dated. */}
                Latest statement lines<span className="sr-only"> of {name}</span>
              </>
            )}
          </Heading>
          <p className="text-muted-foreground text-xs">
            {health.lastSuccessAt ? `Read from the provider ${formatUtcDateTime(health.lastSuccessAt)}` : "Not read from the provider yet"}
            {deep.lastSuccessAt ? ` · full re-read of the last ${DEEP_DAYS} days ${formatUtcDateTime(deep.lastSuccessAt)}` : ""}
          </p>
          {isFailing(deep) ? (
            <p className="text-destructive text-xs" role="status">
              The last full re-read failed {formatUtcDateTime(deep.lastErrorAt!)}: {deep.lastError ? <ProviderText text={deep.lastError} /> : "no reason given"}
            </p>
          ) : null}
          {failedSinceSuccess ? (
            <p className="text-destructive text-xs" role="status">
              The last read failed {formatUtcDateTime(health.lastErrorAt!)}: {health.lastError ? <ProviderText text={health.lastError} /> : "no reason given"}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button asChild variant="outline" size="sm">
            <Link href={`/funding/statements?${query}`}>
              Full statement<span className="sr-only"> of {name}</span>
            </Link>
          </Button>
          {"card" in scope && accountLines ? (
            <Button asChild variant="outline" size="sm">
              <Link href={`/funding/statements?${query}&source=account`}>
                Funding account lines<span className="sr-only"> for {name}</span>
              </Link>
            </Button>
          ) : null}
          <Button asChild variant="ghost" size="sm">
            <a href={`/funding/statements/export?${query}`}>
              Export CSV<span className="sr-only"> of {name}</span>
            </a>
          </Button>
        </div>
      </div>
      <StatementList
        rows={rows}
        caption={`Latest statement lines of ${name}`}
        showCard={!("card" in scope)}
        emptyTitle={"card" in scope && !ownLedger ? "No lines of its own" : "No statement lines yet"}
        emptyHint={"card" in scope && !ownLedger ? <NoOwnLedgerHint cardId={scope.card} /> : "Statements are read from the provider every 15 minutes and after each order."}
      />
    </section>
  );
}
