import type { DbOrTx } from "@/db/client";
import { transactionsVersion } from "@/db/queries/transactions";
import { can, visibilityFor, type Actor } from "@/lib/auth/permissions";
import { fundingPageVersion } from "@/lib/funding/funding-version";

/**
 * The overview's version: its figures are read from the transactions the person may see (spend, merchants, declines)
 * and, for whoever sees funding, the funding balances; either moving re-renders an open overview. Read before the
 * page's figures, so a change made while it renders moves the token past what it shows.
 */
export async function overviewVersion(db: DbOrTx, user: Actor): Promise<string> {
  const visibility = visibilityFor(user, "transaction.view");
  const [transactions, funding] = await Promise.all([
    visibility ? transactionsVersion(db, { organizationId: user.organizationId, visibility }) : "none",
    can(user, "funding.view") ? fundingPageVersion(db, user.organizationId) : "none",
  ]);
  return `${transactions}/${funding}`;
}
