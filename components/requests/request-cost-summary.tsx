import { CostSummary } from "@/components/cards/cost-summary";
import type { PayingBalance } from "@/lib/funding/paying-balance";
import { requestCostQuote, type RequestCost } from "@/lib/requests/request-cost";

/**
 * What approving a request takes from the funding account, for the amount it would be approved at: the request page's
 * decision panel and the requests list's Approve dialog show the same box. MONEY: the fee is the request's own rule on
 * that amount (requestCostQuote); `amount` null (a lowered amount not yet readable) shows none, the fee on nothing.
 */
export function RequestCostSummary({
  id,
  currency,
  amount,
  cost,
  paying,
}: {
  id: string;
  currency: string;
  amount: bigint | null;
  cost: Pick<RequestCost, "action" | "cardModel" | "feeRule" | "amountLabel" | "providerLabel" | "totalLabel">;
  paying: { label: string; balance: PayingBalance | null } | null;
}) {
  return (
    <CostSummary
      id={id}
      currency={currency}
      amount={amount}
      amountLabel={cost.amountLabel}
      fee={requestCostQuote(cost, amount ?? 0n).fee}
      providerLabel={cost.providerLabel}
      totalLabel={cost.totalLabel}
      paying={paying}
    />
  );
}
