import { CostSummary } from "./cost-summary";
import type { CardKind } from "./card-product-fields";
import { issueFee, typedMinor } from "./issue-card-cost";
import type { IssueProduct } from "./issue-card-types";
import { payingBalanceLabel, PROVIDER_LABELS } from "./labels";
import type { ProviderName } from "@/lib/providers/types";

/**
 * What issuing a card will cost the funding account, as it is typed: the issue form's box, and the request form's
 * before it is sent (the box the approver then sees, RequestCostSummary). A ShareBalance card, or one its account
 * issues empty (noFirstLoad), loads nothing. SECURITY (funding.view): the paying balance only `withFundingBalance`
 * (finance issuing), never on a requester's form. Lazy-loaded by both forms (first-load JavaScript budget).
 */
export function IssueCost(props: {
  id: string;
  kind: CardKind;
  model: string;
  product: IssueProduct;
  currency: string;
  initialAmount: string;
  noFirstLoad?: boolean;
  provider: ProviderName | null;
  withFundingBalance: boolean;
}) {
  const { kind, product, currency, provider } = props;
  const loaded = kind === "cardepass-sharebalance" || props.noFirstLoad ? 0n : typedMinor(props.initialAmount, currency);
  return (
    <CostSummary
      id={props.id}
      currency={currency}
      amount={loaded}
      amountLabel="Loaded onto the card"
      fee={issueFee(kind, props.model, product, loaded ?? 0n)}
      providerLabel={provider ? PROVIDER_LABELS[provider] : "the provider"}
      totalLabel="Total from the funding account"
      paying={props.withFundingBalance ? { label: payingBalanceLabel(provider), balance: product.paying?.[currency] ?? null } : null}
    />
  );
}
