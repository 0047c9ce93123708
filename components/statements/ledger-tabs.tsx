import Link from "next/link";
import type { StatementSource } from "@/db/schema/provider-statements";
import { keepsFundingAccountLedger, statementQuery, statementSource, type LedgerOwner, type StatementSearch } from "@/lib/statements/filters";
import { cn } from "@/lib/utils";
import { SOURCE_LABELS } from "./statement-labels";

/** `source`: the ledger listed (statementSource); undefined: an account's both ledgers together. */
type Ledger = { source: StatementSource | undefined; label: string };

/**
 * The ledgers a statement can be read by. A card's is one at a time (its own lines by default, the funding account's
 * for a ShareBalance card, which has none of its own); an account's holds both unless one is chosen. NobePay keeps no
 * funding-account ledger (its history is per card): one ledger, no choice.
 */
function ledgersOf(scope: LedgerOwner): Ledger[] {
  if (!keepsFundingAccountLedger(scope.provider)) return [];
  return scope.kind === "card"
    ? [
        { source: "card", label: SOURCE_LABELS.card },
        { source: "account", label: "Funding account lines for this card" },
      ]
    : [
        { source: undefined, label: "All lines" },
        { source: "account", label: SOURCE_LABELS.account },
        { source: "card", label: "Card balances" },
      ];
}

/**
 * The "Ledger" switch of a statement: links that keep the statement's account or card and its dates (the type filter
 * starts again: a type is one ledger's), the current one marked for screen readers (aria-current) and to the eye.
 */
export function LedgerTabs({ scope, search }: { scope: LedgerOwner; search: Omit<StatementSearch, "cursor" | "before"> }) {
  const ledgers = ledgersOf(scope);
  if (ledgers.length === 0) return null;
  const current = statementSource(search, scope);
  // The statement's default ledger (statementSource) is the one its link names no source for.
  const opening = statementSource({ source: null }, scope);
  const param = (source: StatementSource | undefined) => (source === opening ? null : (source ?? null));
  return (
    <nav aria-label="Ledger" className="overflow-x-auto border-b">
      <ul className="flex min-w-max gap-1">
        {ledgers.map((ledger) => (
          <li key={ledger.label}>
            <Link
              href={`/funding/statements?${statementQuery({ account: scope.kind === "account" ? search.account : null, card: scope.kind === "card" ? search.card : null, source: param(ledger.source), from: search.from, to: search.to, type: null })}`}
              aria-current={ledger.source === current ? "page" : undefined}
              className={cn(
                "text-muted-foreground hover:text-foreground focus-visible:ring-ring/50 -mb-px inline-block rounded-t-md border-b-2 border-transparent px-3 py-2 text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-[3px]",
                ledger.source === current && "border-primary text-foreground",
              )}
            >
              {ledger.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
