import Link from "next/link";
import type { ProviderName } from "@/db/schema/provider-accounts";
import type { StatementSource } from "@/db/schema/provider-statements";
import { capabilitiesFor, supports } from "@/lib/providers";
import { statementQuery, statementSource, type StatementSearch } from "@/lib/statements/filters";
import { cn } from "@/lib/utils";
import { SOURCE_LABELS } from "./statement-labels";

type LedgerScope = { kind: "account" | "card"; provider: ProviderName };
/** `source`: the ledger listed (statementSource); undefined: an account's both ledgers together. */
type Ledger = { source: StatementSource | undefined; label: string };

/**
 * The ledgers a statement can be read by. A card's is one at a time (its own lines by default); an account's holds
 * both unless one is chosen. NobePay keeps no funding-account ledger (its history is per card): one ledger, no choice.
 */
function ledgersOf(scope: LedgerScope): Ledger[] {
  const capabilities = capabilitiesFor(scope.provider);
  if (!supports(capabilities, "accountLogs") || capabilities.accountLogsRequireCard) return [];
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
export function LedgerTabs({ scope, search }: { scope: LedgerScope; search: Omit<StatementSearch, "cursor"> }) {
  const ledgers = ledgersOf(scope);
  if (ledgers.length === 0) return null;
  const current = statementSource(search);
  // A card's own ledger is its statement's default, so its link names no source.
  const param = (source: StatementSource | undefined) => (source === undefined || (scope.kind === "card" && source === "card") ? null : source);
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
