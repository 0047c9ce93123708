import Link from "next/link";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import type { FilterAccount } from "@/db/queries/filter-accounts";
import { capabilitiesFor, supports } from "@/lib/providers";
import { statementQuery } from "@/lib/statements/filters";

/**
 * What /funding/statements offers when its address names no account or card: the organisation's provider accounts,
 * each a link to its statement, instead of a dead end. An account whose provider keeps no statement (Card OPEN-API)
 * is listed with that said, not linked to an empty page.
 */
export function StatementAccountChoices({ accounts }: { accounts: readonly FilterAccount[] }) {
  return (
    <div className="grid gap-3">
      {accounts.length > 0 ? (
        <ul aria-label="Provider accounts" className="grid gap-1">
          {accounts.map((account) => {
            const keepsStatement = supports(capabilitiesFor(account.provider), "accountLogs");
            return (
              <li key={account.id}>
                {keepsStatement ? (
                  <Link
                    href={`/funding/statements?${statementQuery({ account: account.id, card: null, source: null, from: null, to: null, type: null })}`}
                    className="text-foreground font-medium underline underline-offset-4"
                  >
                    {account.label}
                  </Link>
                ) : (
                  <span>{account.label}</span>
                )}{" "}
                · {PROVIDER_LABELS[account.provider]}
                {keepsStatement ? null : ", which keeps no statement"}
              </li>
            );
          })}
        </ul>
      ) : (
        <p>No provider account is connected yet.</p>
      )}
      <p>
        A card&apos;s own statement is on its page, and each account&apos;s latest lines are on{" "}
        <Link href="/funding" className="underline underline-offset-4">
          Funding
        </Link>
        .
      </p>
    </div>
  );
}
