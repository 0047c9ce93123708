import type { CardModel, ProviderName } from "@/lib/providers/types";
import type { ProductFees } from "@/lib/fees/product-fees";
import type { PayingBalance } from "@/lib/funding/paying-balance";

export type IssueAccount = {
  id: string;
  label: string;
  provider: ProviderName;
  /** Its Standard cards are issued empty (Cardepass v2: lib/providers/cardepass/first-load.ts), so no first load is asked. */
  issuesStandardEmpty?: boolean;
};

/** Whether the form asks for no first load: a Standard card of an account that issues them empty. */
export const asksNoFirstLoad = (kind: string | null, account: IssueAccount | null): boolean => kind === "cardepass-standard" && account?.issuesStandardEmpty === true;

export type IssueProduct = {
  providerAccountId: string;
  /** What the issue action takes as productId: the provider's product code / BIN id. */
  providerProductId: string;
  /** The provider's name; displayName is the one an administrator gave it (shown first: lib/products/product-label.ts). */
  name: string;
  displayName: string | null;
  bin: string | null;
  cardModels: CardModel[];
  currencies: string[];
  minFirstDeposit: bigint | null;
  availableBalance: bigint | null;
  balanceCurrency: string | null;
  fees: ProductFees;
  /** The funding balance that pays for a card of this product, per card currency (absent where none is known). */
  paying?: Record<string, PayingBalance>;
  usStates: { code: string; name: string }[];
};

export type IssueValues = {
  accountId: string;
  productId: string;
  model: string;
  currency: string;
  ownerUserId: string;
  teamId: string;
  alias: string;
  tags: string;
  perTransactionLimit: string;
  lifetimeLimit: string;
  unlimited: boolean;
  initialAmount: string;
  holderFirstName: string;
  holderLastName: string;
  street: string;
  city: string;
  state: string;
  zipCode: string;
};

export const EMPTY_ISSUE_VALUES: IssueValues = {
  accountId: "",
  productId: "",
  model: "",
  currency: "",
  ownerUserId: "",
  teamId: "",
  alias: "",
  tags: "",
  perTransactionLimit: "",
  lifetimeLimit: "",
  unlimited: false,
  initialAmount: "",
  holderFirstName: "",
  holderLastName: "",
  street: "",
  city: "",
  state: "",
  zipCode: "",
};
