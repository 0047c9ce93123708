import type { IssueProduct } from "@/components/cards/issue-card-types";
import type { ProductWithAccount } from "@/db/queries/products";
import { can, type Actor } from "@/lib/auth/permissions";
import { parseProductFees } from "@/lib/fees/parse-product-fees";
import type { PayingBalance } from "@/lib/funding/paying-balance";

function usStates(details: Record<string, unknown>): { code: string; name: string }[] {
  const states = details.usStates;
  if (!Array.isArray(states)) return [];
  return states.filter((state): state is { code: string; name: string } => typeof state?.code === "string" && typeof state?.name === "string");
}

/**
 * The products a card can be issued or requested from, as the issue form needs them. Only what the form needs
 * crosses to the browser: no account URLs, no raw provider details. SECURITY (funding.view): a NobePay BIN's
 * available balance is its funding account's, so it and the funding balance that pays (payingFor, finance issuing)
 * are added only for a viewer who may see funding; a requester's form gets neither.
 */
export function offeredProducts(
  products: readonly ProductWithAccount[],
  options: { viewer: Actor; payingFor?: (product: ProductWithAccount) => Record<string, PayingBalance> },
): IssueProduct[] {
  const seesFunding = can(options.viewer, "funding.view");
  const payingFor = seesFunding ? options.payingFor : undefined;
  return products
    .filter((product) => product.details.withdrawn !== true)
    .map((product) => ({
      providerAccountId: product.providerAccountId,
      providerProductId: product.providerProductId,
      name: product.name,
      displayName: product.displayName,
      bin: typeof product.details.bin === "string" ? product.details.bin : null,
      cardModels: product.cardModels,
      currencies: product.currencies,
      minFirstDeposit: product.minFirstDeposit,
      availableBalance: seesFunding ? product.availableBalance : null,
      balanceCurrency: seesFunding ? product.balanceCurrency : null,
      fees: parseProductFees(product.fees),
      ...(payingFor ? { paying: payingFor(product) } : {}),
      usStates: usStates(product.details),
    }));
}
