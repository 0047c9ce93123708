import type { RequestKind } from "@/db/schema/requests";
import type { CardModel } from "@/lib/providers/types";

/** One of the requester's own cards, with what may be asked about it (computed on the server). */
export type RequestableCard = {
  id: string;
  alias: string;
  last4: string | null;
  currency: string;
  cardModel: CardModel;
  status: string;
  balance: bigint | null;
  limitPerTransaction: bigint | null;
  limitLifetime: bigint | null;
  kinds: Exclude<RequestKind, "new_card">[];
  /** Its open requests by kind (kind → request id): the form shows the card as already requested for those kinds. */
  openRequests: Partial<Record<Exclude<RequestKind, "new_card">, string>>;
};

export type NewRequestValues = {
  kind: RequestKind | "";
  cardId: string;
  amount: string;
  perTransactionLimit: string;
  lifetimeLimit: string;
  purpose: string;
  neededBy: string;
  beneficiaryUserId: string;
};
