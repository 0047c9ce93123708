import { and, desc, eq, inArray, notInArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";
import { cardRequests, type ApproverRole, type RequestKind, type RequestStatus, type RequestTerms } from "@/db/schema/requests";
import { financeStandsInColumn } from "./requests";
import type { CardModel, CardStatus } from "@/lib/providers/types";

export type MyCard = {
  id: string;
  alias: string;
  last4: string | null;
  status: CardStatus;
  cardModel: CardModel;
  currency: string;
  balance: bigint | null;
  limitLifetime: bigint | null;
  limitUsed: bigint | null;
  providerMissingSince: Date | null;
};

/**
 * A person's cards that exist, newest first (cards_owner_idx): not a cancelled one, nor one never issued (its issue
 * refused), which they cannot use either; both stay in their cards list.
 */
export async function listMyCards(db: DbOrTx, params: { organizationId: string; userId: string; limit: number }): Promise<MyCard[]> {
  return db
    .select({
      id: cards.id,
      alias: cards.alias,
      last4: cards.last4,
      status: cards.status,
      cardModel: cards.cardModel,
      currency: cards.currency,
      balance: cards.balance,
      limitLifetime: cards.limitLifetime,
      limitUsed: cards.limitUsed,
      providerMissingSince: cards.providerMissingSince,
    })
    .from(cards)
    .where(and(eq(cards.ownerUserId, params.userId), eq(cards.organizationId, params.organizationId), notInArray(cards.status, ["cancelled", "failed"])))
    .orderBy(desc(cards.createdAt), desc(cards.id))
    .limit(params.limit);
}

export const OPEN_REQUEST_STATUSES = ["pending", "approved", "executing"] as const satisfies readonly RequestStatus[];

export type MyOpenRequest = {
  id: string;
  kind: RequestKind;
  status: RequestStatus;
  awaiting: ApproverRole | null;
  currency: string;
  requested: RequestTerms;
  /** The terms that would be carried out (an approver may have lowered them); what the request list shows. */
  approved: RequestTerms;
  purpose: string;
  createdAt: Date;
  /** Waiting for finance in place of a manager the team does not have. */
  financeStandsIn: boolean;
  /** Set while it waits for another change to its card to finish (isWaitingOnCard). */
  cardBusySince: Date | null;
};

/** Requests for this person that are not finished yet, newest first (card_requests_beneficiary_idx). */
export async function listMyOpenRequests(db: DbOrTx, params: { organizationId: string; userId: string; limit: number }): Promise<MyOpenRequest[]> {
  return db
    .select({
      id: cardRequests.id,
      kind: cardRequests.kind,
      status: cardRequests.status,
      awaiting: cardRequests.awaiting,
      currency: cardRequests.currency,
      requested: cardRequests.requested,
      approved: cardRequests.approved,
      purpose: cardRequests.purpose,
      createdAt: cardRequests.createdAt,
      financeStandsIn: financeStandsInColumn(),
      cardBusySince: cardRequests.cardBusySince,
    })
    .from(cardRequests)
    .where(
      and(
        eq(cardRequests.beneficiaryUserId, params.userId),
        eq(cardRequests.organizationId, params.organizationId),
        inArray(cardRequests.status, [...OPEN_REQUEST_STATUSES]),
      ),
    )
    .orderBy(desc(cardRequests.createdAt), desc(cardRequests.id))
    .limit(params.limit);
}
