import type { ProviderName } from "@/lib/providers/types";

export type BaseUrlPreset = { label: string; url: string };

/**
 * Hosts as each provider's own document gives them (docs/provider-docs), plus this installation's sandbox.
 * cardepass-v1.md: "测试环境: https://test.cardepass.com/openapi", "生产环境: https://cardepass.com/openapi".
 * nobepay.md: "生产环境：API HOST `https://api.nobepay.com`" (no test host is documented).
 * cardopenapi.md documents no host, only the placeholder `http://prod-cn.your-api-server.com/`: the provider gives it.
 */
export function baseUrlPresets(provider: ProviderName, sandboxUrl: string | null): BaseUrlPreset[] {
  const sandbox = sandboxUrl ? [{ label: "Cardhub sandbox", url: `${sandboxUrl}/${provider === "cardepass" ? "cardepass/openapi" : provider}` }] : [];
  switch (provider) {
    case "cardepass":
      return [{ label: "Production", url: "https://cardepass.com/openapi" }, { label: "Test", url: "https://test.cardepass.com/openapi" }, ...sandbox];
    case "nobepay":
      return [{ label: "Production", url: "https://api.nobepay.com" }, ...sandbox];
    case "cardopenapi":
      return [...sandbox];
  }
}

/** Which credential fields each provider takes, and which of them are secrets (never sent back to the browser). */
export const CREDENTIAL_FIELDS: Record<ProviderName, readonly { name: string; label: string; secret: boolean; numeric?: boolean }[]> = {
  cardepass: [
    { name: "clientId", label: "Client ID", secret: false },
    { name: "clientSecret", label: "Client secret", secret: true },
  ],
  nobepay: [
    { name: "appKey", label: "App key", secret: false },
    { name: "appSecret", label: "App secret", secret: true },
  ],
  cardopenapi: [
    { name: "customerId", label: "Customer ID", secret: false, numeric: true },
    { name: "appId", label: "App ID", secret: false, numeric: true },
    { name: "key", label: "Key", secret: true },
  ],
};
