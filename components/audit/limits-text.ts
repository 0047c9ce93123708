import { recordedObject } from "./recorded-values";
import { summaryMoney } from "./summary-money";

/** "$50.00 per purchase and no lifetime limit", from limits a row recorded in minor units; null when it cannot be read. */
export function limitsText(value: unknown, currency: unknown): string | null {
  const { perTransaction, lifetime } = recordedObject(value);
  const perPurchase = perTransaction === null ? "no per-purchase limit" : summaryMoney(perTransaction, currency)?.concat(" per purchase");
  const inAll = lifetime === null ? "no lifetime limit" : summaryMoney(lifetime, currency)?.concat(" in all");
  return perPurchase && inAll ? `${perPurchase} and ${inAll}` : null;
}
