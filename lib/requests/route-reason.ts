import { FUNDING_REQUEST_KINDS, type FundingRequestKind, type PolicyBasis } from "@/db/schema/requests";
import { formatMoney } from "@/lib/format";

const NOUNS: Record<FundingRequestKind, { one: string; many: string }> = {
  top_up: { one: "top-up", many: "top-ups" },
  new_card: { one: "new card", many: "new cards" },
  limit_increase: { one: "limit increase", many: "limit increases" },
};

/** The earlier requests a basis counted, in the order every sentence names them (top-ups, new cards, limit increases). */
const earlierInOrder = (basis: PolicyBasis) => FUNDING_REQUEST_KINDS.flatMap((kind) => basis.earlier.filter((entry) => entry.kind === kind && entry.count > 0));
const nounOf = (entry: PolicyBasis["earlier"][number]) => (entry.count === 1 ? NOUNS[entry.kind].one : NOUNS[entry.kind].many);

/**
 * Why a request that puts money on a card was routed as it was, for its page and its audit row: "With 2 earlier
 * top-ups for Dana Lee in the last 30 days this adds up to $1,800.00, at or above the $1,000.00 threshold, so a
 * finance member approves too." Null when it was weighed alone (no basis, or no bound).
 */
export function routeReason(params: { basis: PolicyBasis | null; policyAmount: bigint | null; threshold: bigint; currency: string; beneficiaryName: string }): string | null {
  const { basis, policyAmount, currency } = params;
  if (!basis || policyAmount === null) return null;
  const threshold = formatMoney(params.threshold, currency);
  // Said of the amount only: a team without a manager has finance take the manager's step, and a second finance member
  // approve after it, whatever the amount (the page's Route says so), so "one approval is enough" would not be true.
  const outcome = policyAmount >= params.threshold ? `at or above the ${threshold} threshold, so a finance member approves too` : `below the ${threshold} threshold, so the amount calls for no finance approval`;
  const window = `in the last ${basis.days} days`;
  const earlier = earlierInOrder(basis);
  if (earlier.length === 0) {
    return `No earlier top-ups, new cards or limit increases for ${params.beneficiaryName} ${window}: ${formatMoney(policyAmount, currency)} on its own is ${outcome}.`;
  }
  // "2 earlier top-ups and 1 new card", "1 earlier top-up, 1 new card and 2 limit increases"
  const parts = earlier.map((entry, index) => `${entry.count} ${index === 0 ? "earlier " : ""}${nounOf(entry)}`);
  const counted = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}` : parts.join("");
  return `With ${counted} for ${params.beneficiaryName} ${window} this adds up to ${formatMoney(policyAmount, currency)}, ${outcome}.`;
}

/** A basis as an audit row's detail: "Last 30 days: 2 top-ups ($300.00), 1 new card ($50.00)", or "Last 30 days: none". */
export function policyBasisText(basis: PolicyBasis, currency: string): string {
  const earlier = earlierInOrder(basis).map((entry) => `${entry.count} ${nounOf(entry)} (${formatMoney(BigInt(entry.amount), currency)})`);
  return `Last ${basis.days} days: ${earlier.length > 0 ? earlier.join(", ") : "none"}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A basis an audit row recorded, read without trusting its shape (rows outlive the code that wrote them); else null. */
export function recordedPolicyBasis(value: unknown): PolicyBasis | null {
  if (!isRecord(value) || typeof value.days !== "number" || !Array.isArray(value.earlier)) return null;
  const earlier: PolicyBasis["earlier"] = [];
  for (const entry of value.earlier) {
    if (!isRecord(entry)) return null;
    const { kind, count, amount } = entry;
    if (!FUNDING_REQUEST_KINDS.includes(kind as FundingRequestKind) || typeof count !== "number" || typeof amount !== "string" || !/^\d+$/.test(amount)) return null;
    earlier.push({ kind: kind as FundingRequestKind, count, amount });
  }
  return { days: value.days, earlier };
}
