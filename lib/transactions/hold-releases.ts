import type { DbOrTx } from "@/db/client";
import { closeHoldReleasedBy, pairReleaseOf, type ReleaseKey } from "@/db/queries/transactions-ingest";
import type { LedgerStatus } from "@/db/schema/transactions";
import type { Transaction } from "@/lib/providers/types";
import { STATUS_RANK, type LedgerRowValues } from "./ledger-row";

/**
 * A hold the provider lets go is closed in the ledger as NobePay tells it (`REVERSED` on the transaction itself): the
 * hold's row becomes reversed, no money moved, and it no longer anchors a sweep (oldestOpenAuthorisation). Cardepass
 * has no such status, and tells it in its own way:
 * - v1 keeps the hold's row (`AuthSuccess`) and adds a release row, `ConsumeReversal`, `Settled`, `Income`. Its document
 *   names no field linking the two, but both carry the card (`cardInfo.cardId`), the authorisation code (`authCode`
 *   授权码) and the authorised amount (`authAmount` 预授权金额). The release closes the oldest open hold with all three,
 *   held no later than it, and becomes reversed too, so neither counts (a settled reversal credit would subtract from
 *   spend). One release closes one hold, whichever of the two is read first; a release naming no open hold stays a
 *   settled reversal credit, as the provider lists it.
 * - v2 reads `Failed` for a hold let go as for a refused purchase (Transaction.declineMayBeRelease): on a row held as
 *   authorised it is a release, not a decline, so nobody is told the card was declined and no decline is counted.
 */
export async function closeReleasedHold(
  db: DbOrTx,
  providerAccountId: string,
  item: Transaction,
  row: LedgerRowValues,
  stoodAt: LedgerStatus | undefined,
): Promise<LedgerRowValues> {
  if (row.status === "declined" && item.declineMayBeRelease && (stoodAt === "authorised" || stoodAt === "reversed")) return released(row);
  const key = releaseKeyOf(providerAccountId, row);
  if (!key) return row;
  if (isRelease(row)) {
    // Paired when it was first read: a later read of the same release must not make it a credit again.
    if (stoodAt === "reversed") return released(row);
    return (await closeHoldReleasedBy(db, key, row.occurredAt)) ? released(row) : row;
  }
  if (isOpenHold(row) && (stoodAt === undefined || stoodAt === "authorised")) {
    return (await pairReleaseOf(db, key, row.occurredAt)) ? released(row) : row;
  }
  return row;
}

/** The row as a released hold: no money moved, nothing settled, no decline. */
function released(row: LedgerRowValues): LedgerRowValues {
  return {
    ...row,
    status: "reversed",
    statusRank: STATUS_RANK.reversed,
    settledAmount: null,
    settledCurrency: null,
    settledAt: null,
    declineReason: null,
    providerDeclineReason: null,
  };
}

function isRelease(row: LedgerRowValues): boolean {
  return row.type === "reversal" && row.direction === "credit" && row.status === "settled";
}

function isOpenHold(row: LedgerRowValues): boolean {
  return row.status === "authorised" && row.direction === "debit";
}

/** A release or an open hold with everything that pairs the two. */
function hasReleaseKey(row: LedgerRowValues): boolean {
  return (isRelease(row) || isOpenHold(row)) && !!row.providerCardId && !!row.authCode && row.authorisedAmount !== null && !!row.authorisedCurrency;
}

function releaseKeyOf(providerAccountId: string, row: LedgerRowValues): ReleaseKey | null {
  if (!hasReleaseKey(row)) return null;
  return {
    providerAccountId,
    providerCardId: row.providerCardId!,
    authCode: row.authCode!,
    authorisedAmount: row.authorisedAmount!,
    authorisedCurrency: row.authorisedCurrency!,
  };
}
