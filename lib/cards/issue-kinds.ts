import type { CardModel, ProviderName } from "@/lib/providers/types";
import type { IssueKind } from "./schemas";

/** The provider and card model each kind of card issue (lib/cards/schemas.ts) asks for. */
export const ISSUE_KINDS: Record<IssueKind, { provider: ProviderName; model: CardModel }> = {
  "cardepass-sharebalance": { provider: "cardepass", model: "sharebalance" },
  "cardepass-standard": { provider: "cardepass", model: "standard" },
  nobepay: { provider: "nobepay", model: "prepaid" },
  cardopenapi: { provider: "cardopenapi", model: "prepaid" },
};
