import { PROVIDER_LABELS } from "@/components/cards/labels";
import { PROVIDER_NAMES, type ProviderName } from "@/lib/providers/types";

/**
 * The provider select's choices, in Cardhub's provider order: the providers of the accounts the bar offers and, when
 * the link's provider is not among them, that one marked with `none` (e.g. "NobePay (none of yours)"). A provider is one
 * of the three Cardhub speaks to whatever the organisation, so a link's provider is always kept, as a currency is.
 */
export function providerFilterOptions(
  accounts: readonly { provider: ProviderName }[],
  chosen: ProviderName | undefined,
  none: string,
): { value: ProviderName; label: string }[] {
  const offered = new Set(accounts.map((account) => account.provider));
  return PROVIDER_NAMES.filter((name) => offered.has(name) || name === chosen).map((name) => ({
    value: name,
    label: offered.has(name) ? PROVIDER_LABELS[name] : `${PROVIDER_LABELS[name]} (${none})`,
  }));
}
