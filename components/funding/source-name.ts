/** What a funding source is called on screen, and the provider's own id for it when the name had to be made up. */
export function fundingSourceName(balance: { label: string | null; scope: string; currency: string }): { name: string; providerId: string | null } {
  if (balance.label) return { name: balance.label, providerId: null };
  // One account-wide balance per currency (Cardepass) has no scope; a source with an id but no name (a Card OPEN-API
  // wallet, "w_100001_usd") is named by its currency, with the id kept beside it for whoever talks to the provider.
  if (balance.scope === "") return { name: `${balance.currency} account`, providerId: null };
  return { name: `${balance.currency} wallet`, providerId: balance.scope };
}
