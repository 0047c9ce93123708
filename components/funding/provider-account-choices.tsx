import Link from "next/link";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import type { ProviderName } from "@/lib/providers/types";

/** One account a page about one provider account offers when its address names none. */
export type ProviderAccountChoice = {
  id: string;
  label: string;
  provider: ProviderName;
  /** Null when the page has nothing to show for this account (a provider that keeps no statement). */
  href: string | null;
  /** Said after the provider's name: why there is no link, or what the link leads to ("2 open entries"). */
  detail?: string;
};

/**
 * What a funding page about one provider account (its statement, its unread transactions) shows when opened without
 * one: the organisation's accounts, each a link to that page of it, instead of a dead end.
 */
export function ProviderAccountChoices({ choices, hint }: { choices: readonly ProviderAccountChoice[]; hint?: string }) {
  return (
    <div className="grid gap-3">
      {choices.length > 0 ? (
        <ul aria-label="Provider accounts" className="grid gap-1">
          {choices.map((choice) => (
            <li key={choice.id}>
              {choice.href ? (
                <Link href={choice.href} className="text-foreground font-medium underline underline-offset-4">
                  {choice.label}
                </Link>
              ) : (
                <span>{choice.label}</span>
              )}{" "}
              · {PROVIDER_LABELS[choice.provider]}
              {choice.detail ? `, ${choice.detail}` : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>No provider account is connected yet.</p>
      )}
      <p>
        {hint ? `${hint} ` : null}Each account&apos;s balances and latest statement lines are on{" "}
        <Link href="/funding" className="underline underline-offset-4">
          Funding
        </Link>
        .
      </p>
    </div>
  );
}
