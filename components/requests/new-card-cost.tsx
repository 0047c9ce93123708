import { CostSummary } from "@/components/cards/cost-summary";
import type { CardKind } from "@/components/cards/card-product-fields";
import { issueFee, typedMinor } from "@/components/cards/issue-card-cost";
import type { IssueProduct } from "@/components/cards/issue-card-types";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import type { ProviderName } from "@/lib/providers/types";

/**
 * What issuing the asked-for card will cost the company, shown on the request form before it is sent: the box the
 * approver sees (RequestCostSummary), worked out as the issue form does. SECURITY (funding.view): without the funding
 * balance, which a requester may not read. Lazy-loaded by the form (first-load JavaScript budget), with its fee code.
 */
export function NewCardCost(props: { kind: CardKind; model: string; product: IssueProduct; currency: string; initialAmount: string; provider: ProviderName | null }) {
  const loaded = props.kind === "cardepass-sharebalance" ? 0n : typedMinor(props.initialAmount, props.currency);
  return (
    <CostSummary
      id="request-cost"
      currency={props.currency}
      amount={loaded}
      amountLabel="Loaded onto the card"
      fee={issueFee(props.kind, props.model, props.product, loaded ?? 0n)}
      providerLabel={props.provider ? PROVIDER_LABELS[props.provider] : "the provider"}
      totalLabel="Total from the funding account"
    />
  );
}
