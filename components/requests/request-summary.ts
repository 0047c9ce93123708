import type { RequestTerms } from "@/db/schema/requests";
import { formatMoney } from "@/lib/format";

const money = (terms: RequestTerms, field: keyof RequestTerms, currency: string) => {
  const value = terms[field];
  return value === undefined ? null : formatMoney(BigInt(value), currency);
};

/** What a request asks for, in words, from its (approved) terms: "$250.00", "$100.00 / $1,000.00 lifetime". */
export function termsText(terms: RequestTerms, currency: string): string {
  const amount = money(terms, "amount", currency);
  if (amount) return amount;
  const perTransaction = money(terms, "perTransactionLimit", currency);
  const lifetime = money(terms, "lifetimeLimit", currency);
  if (perTransaction || lifetime) return `${perTransaction ?? "—"} per transaction, ${lifetime ?? "unlimited"} lifetime`;
  return "—";
}

/** Whether an approver lowered anything, for "approved lower" notes. */
export function termsLowered(requested: RequestTerms, approved: RequestTerms): boolean {
  return (Object.keys(requested) as (keyof RequestTerms)[]).some((field) => requested[field] !== approved[field]);
}
