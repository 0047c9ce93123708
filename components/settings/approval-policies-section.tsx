import { getDb } from "@/db/client";
import { listApprovalPolicies } from "@/db/queries/approval-policies";
import { listCardCurrencies } from "@/db/queries/cards";
import { REQUEST_KINDS } from "@/db/schema/requests";
import { minorToDecimalText } from "@/lib/format";
import { ApprovalPoliciesEditor } from "./approval-policies-editor";

/**
 * Settings → Approval policy: per request kind and currency, the amount from which finance approves after the
 * team manager. Mount it on the Settings page for admins; the action behind it checks admin.manage again (and a recent
 * step-up, which the administrator confirms with their authenticator code when `adminUsesTotp`, else their password).
 */
export async function ApprovalPoliciesSection({ organizationId, adminUsesTotp }: { organizationId: string; adminUsesTotp: boolean }) {
  const [policies, cardCurrencies] = await Promise.all([listApprovalPolicies(getDb(), { organizationId }), listCardCurrencies(getDb(), { organizationId })]);
  const rows = policies.map((policy) => ({
    kind: policy.kind,
    currency: policy.currency,
    threshold: minorToDecimalText(policy.threshold, policy.currency),
    // The same amount in minor units, for what the editor says of it (formatMoney): "$1,000.00", as everywhere else.
    thresholdMinor: policy.threshold.toString(),
    updatedAt: policy.updatedAt.toISOString(),
  }));
  return (
    <section aria-labelledby="approval-policies-heading" className="grid gap-4">
      <div className="grid gap-1">
        <h2 id="approval-policies-heading" className="text-lg font-semibold">
          Approval policy
        </h2>
        <p className="text-muted-foreground max-w-prose text-sm">
          Below the threshold, the requester&apos;s team manager approves. At or above it, the manager and then a finance member, two different people.
          A top-up, a new card&apos;s first top-up or ShareBalance lifetime limit, and a ShareBalance limit increase (by how far it raises the
          limit) count together with the same person&apos;s such requests in that currency from the last 30 days (unless rejected, cancelled or
          failed), so splitting an amount into smaller requests still reaches finance. An unfreeze is weighed by what it releases: the
          card&apos;s balance, or a ShareBalance card&apos;s unspent limit. A currency without a threshold sends every request to finance.
          Changes apply to requests filed from now on.
        </p>
      </div>
      <ApprovalPoliciesEditor rows={rows} kinds={[...REQUEST_KINDS]} cardCurrencies={cardCurrencies} adminUsesTotp={adminUsesTotp} />
    </section>
  );
}
