import type { ApiDeps } from "@/lib/providers/http";
import type { CardProvider, ProviderCapabilities } from "@/lib/providers/interface";
import type { ProviderAccountConfig, ProviderName } from "@/lib/providers/types";
import { parseProviderAccountConfig } from "@/lib/providers/config";
import { CARDEPASS_CAPABILITIES, CARDEPASS_V2_CAPABILITIES, CardepassProvider, cardepassDocumentVersion } from "@/lib/providers/cardepass/cardepass-provider";
import { CARDOPENAPI_CAPABILITIES, CardopenapiProvider } from "@/lib/providers/cardopenapi/cardopenapi-provider";
import { NOBEPAY_CAPABILITIES, NobepayProvider } from "@/lib/providers/nobepay/nobepay-provider";
import { scopingSentSecrets } from "@/lib/providers/secret-scope";

export type { CardProvider, ProviderCapabilities, ProviderOperation, OperationSupport } from "@/lib/providers/interface";
export { PROVIDER_OPERATIONS, supports } from "@/lib/providers/interface";
export * from "@/lib/providers/types";
export { ProviderError, PROVIDER_ERROR_CODES, isProviderError, type ProviderErrorCode } from "@/lib/providers/errors";
export {
  cardepassCredentialsSchema,
  cardopenapiCredentialsSchema,
  credentialsSchemas,
  nobepayCredentialsSchema,
  parseProviderAccountConfig,
  providerAccountConfigSchema,
  providerAccountSettingsSchema,
} from "@/lib/providers/config";
export { toWebhookEvent as parseNobepayWebhook, type NobepayWebhookEvent } from "@/lib/providers/nobepay/transform";

/** Capabilities are static per provider: the UI can read them without building an adapter. */
export const CAPABILITIES: Record<ProviderName, ProviderCapabilities> = {
  cardepass: CARDEPASS_CAPABILITIES,
  nobepay: NOBEPAY_CAPABILITIES,
  cardopenapi: CARDOPENAPI_CAPABILITIES,
};

/** One account's capabilities: a Cardepass account on the v2 document returns no card details, so it cannot reveal. */
export function capabilitiesFor(provider: ProviderName, settings?: ProviderAccountConfig["settings"]): ProviderCapabilities {
  if (provider === "cardepass" && cardepassDocumentVersion({ settings }) === "v2") return CARDEPASS_V2_CAPABILITIES;
  return CAPABILITIES[provider];
}

/**
 * Builds the adapter for one provider account. `deps` is a test seam (fetch, clock, logger).
 * SECURITY: every call runs in its own secret scope, so no error it throws repeats a credential it sent.
 */
export function createProvider(config: ProviderAccountConfig, deps?: ApiDeps): CardProvider {
  return scopingSentSecrets(adapterFor(parseProviderAccountConfig(config), deps));
}

function adapterFor(valid: ProviderAccountConfig, deps?: ApiDeps): CardProvider {
  switch (valid.provider) {
    case "cardepass":
      return new CardepassProvider(valid, deps);
    case "nobepay":
      return new NobepayProvider(valid, deps);
    case "cardopenapi":
      return new CardopenapiProvider(valid, deps);
  }
}
