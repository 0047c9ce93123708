import type { IssueProduct } from "@/components/cards/issue-card-types";
import type { ProviderAccountSummary } from "@/db/queries/provider-accounts";
import { issuesStandardCardsEmpty } from "@/lib/providers/cardepass/first-load";

/**
 * The products a new-card request may ask for. A request's terms are an amount (lib/requests/create-request.ts), so
 * the Standard model of an account that issues Standard cards empty (Cardepass v2) is left out, and a product with no
 * model left is too; filing checks the same again (prepareIssue).
 */
export function requestableProducts(products: readonly IssueProduct[], accounts: readonly Pick<ProviderAccountSummary, "id" | "provider" | "settings">[]): IssueProduct[] {
  const emptyStandard = new Set(accounts.filter((account) => issuesStandardCardsEmpty(account)).map((account) => account.id));
  return products
    .map((product) => (emptyStandard.has(product.providerAccountId) ? { ...product, cardModels: product.cardModels.filter((model) => model !== "standard") } : product))
    .filter((product) => product.cardModels.length > 0);
}
