import Link from "next/link";
import { statementQuery } from "@/lib/statements/filters";

/**
 * Why a ShareBalance card's own statement is empty, and where its lines are: it spends from the funding account, so the
 * funding account's ledger holds them (the lines that name the card).
 */
export function NoOwnLedgerHint({ cardId }: { cardId: string }) {
  const href = `/funding/statements?${statementQuery({ account: null, card: cardId, source: "account", from: null, to: null, type: null })}`;
  return (
    <>
      A card spending from the funding account has no ledger of its own: its lines are under{" "}
      <Link href={href} className="underline underline-offset-4">
        Funding account lines for this card
      </Link>
      .
    </>
  );
}
