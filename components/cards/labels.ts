import type { CardModel, ProviderName } from "@/lib/providers/types";

export const PROVIDER_LABELS: Record<ProviderName, string> = {
  cardepass: "Cardepass",
  nobepay: "NobePay",
  cardopenapi: "Card OPEN-API",
};

/** What the funding balance that pays for an issue or top-up is called: a NobePay BIN's own, else the provider account's. */
export function payingBalanceLabel(provider: ProviderName | null): string {
  return provider === "nobepay" ? "BIN funding balance" : `${provider ? PROVIDER_LABELS[provider] : "Provider"} funding balance`;
}

/**
 * A new card's first amount, one name for every kind of card: what the card page calls putting money on a card ("Top
 * up"), whatever the provider's own word (NobePay's "deposit").
 */
export const FIRST_TOP_UP_LABEL = "First top-up";

export const MODEL_LABELS: Record<CardModel, string> = {
  sharebalance: "ShareBalance",
  standard: "Standard",
  prepaid: "Prepaid",
};

/**
 * Each provider's own card statuses in plain words (DESIGN.md: "provider statuses … translated into plain words, the
 * provider's original kept beside it"). cardopenapi.md: "1:未激活 2:已激活 3:已冻结 4:销卡中 5:已销卡 6:已挂失 7:已补卡";
 * nobepay.md: "INIT :开卡中 … CREATE_CARD_FAILED_REFUND:创建卡失败全额退款 … DELETED :永久删除"; Cardepass v1/v2 words.
 */
const PROVIDER_STATUS_WORDS: Record<ProviderName, Record<string, string>> = {
  cardepass: { active: "Active", blocked: "Frozen", cancel: "Cancelled", cancelled: "Cancelled", expired: "Expired" },
  nobepay: {
    INIT: "Being opened",
    INIT_CREATE_CARD_HOLDER: "Creating the cardholder",
    INIT_CREATE_CARD: "Creating the card",
    INIT_ACTIVE_CARD: "Activating",
    ACTIVE: "Active",
    FREEZE: "Frozen",
    CANCELLING: "Being cancelled",
    CANCELED: "Cancelled",
    DELETED: "Permanently deleted",
    EXPIRED: "Expired",
    CREATE_CARD_FAILED_REFUND: "Creation failed, deposit refunded",
  },
  cardopenapi: { "1": "Not activated", "2": "Active", "3": "Frozen", "4": "Being cancelled", "5": "Cancelled", "6": "Reported lost", "7": "Replaced" },
};

/** The provider's status in words, or null when the provider used a word we do not know (then show it as sent). */
export function providerStatusLabel(provider: ProviderName, status: string | null | undefined): string | null {
  if (!status) return null;
  const words = PROVIDER_STATUS_WORDS[provider];
  return words[status] ?? words[status.toLowerCase()] ?? words[status.toUpperCase()] ?? null;
}
