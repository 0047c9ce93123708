import type { IssueProduct } from "@/components/cards/issue-card-types";

/** A prepaid USD BIN of the account, as the card forms are given it: its first deposit is at least $10.00. */
export function adsBinProduct(providerAccountId: string, patch: Partial<IssueProduct> = {}): IssueProduct {
  return {
    providerAccountId,
    providerProductId: "BIN-1",
    name: "Ads BIN",
    displayName: null,
    bin: "411111",
    cardModels: ["prepaid"],
    currencies: ["USD"],
    minFirstDeposit: 1000n,
    availableBalance: null,
    balanceCurrency: "USD",
    fees: {},
    usStates: [{ code: "NY", name: "New York" }],
    ...patch,
  };
}

/** A card holder in New York, the one state adsBinProduct offers. */
export const NEW_YORK_HOLDER = { holderFirstName: "Ada", holderLastName: "Lovelace", street: "1 Main St", city: "Albany", state: "NY", zipCode: "12207" };
