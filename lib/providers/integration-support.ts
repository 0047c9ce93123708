/** Helpers for the adapter integration tests against the provider sandbox (test-only module). */
import { startSandbox, type RunningSandbox, type SandboxOptions } from "@/sandbox/server";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { createProvider } from "@/lib/providers/index";
import { TokenCache } from "@/lib/providers/token-cache";
import type { CardProvider } from "@/lib/providers/interface";
import type { ProviderAccountConfig, ProviderName } from "@/lib/providers/types";

export const SANDBOX_CREDENTIALS = {
  cardepass: { clientId: "sandbox-client", clientSecret: "sandbox-secret" },
  nobepay: { appKey: "sandbox-key", appSecret: "sandbox-secret" },
  cardopenapi: { customerId: 10000011, appId: 100001, key: "sandbox-key" },
} as const;

export type SandboxHarness = {
  sandbox: RunningSandbox;
  /** Every request the adapter sent, as "METHOD /path". */
  requests: string[];
  provider(overrides?: Partial<ProviderAccountConfig>, credentials?: ProviderAccountConfig["credentials"]): CardProvider;
  config(overrides?: Partial<ProviderAccountConfig>): ProviderAccountConfig;
  admin(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<unknown>;
  faults(update: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  secrets(): Promise<{ provider: string; cardId: string; cardNumber: string; cvv: string; pin: string | null }[]>;
  close(): Promise<void>;
};

export async function startHarness(name: ProviderName, options: SandboxOptions = {}): Promise<SandboxHarness> {
  const sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 30, ...options });
  const requests: string[] = [];
  const fetch: FetchLike = (input, init) => {
    requests.push(`${init.method ?? "GET"} ${new URL(input).pathname}`);
    return globalThis.fetch(input, init);
  };
  let n = 0;
  const config = (overrides: Partial<ProviderAccountConfig> = {}): ProviderAccountConfig => ({
    id: `it-${name}-${++n}`,
    provider: name,
    baseUrl: `${sandbox.url}/${name === "cardepass" ? "cardepass/openapi" : name}`,
    credentials: SANDBOX_CREDENTIALS[name],
    // The sandbox writes cardopenapi's naive times in UTC.
    settings: { timeoutMs: 400, maxRetryMs: 4_000, ...(name === "cardopenapi" ? { timeZone: "UTC" } : {}) },
    ...overrides,
  });
  const admin = async (method: "GET" | "POST" | "DELETE", path: string, body?: unknown) => {
    const res = await globalThis.fetch(`${sandbox.url}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await res.json();
    if (!res.ok) throw new Error(`sandbox admin ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    sandbox,
    requests,
    config,
    provider: (overrides, credentials) =>
      createProvider(
        { ...config(overrides), ...(credentials ? { credentials } : {}) },
        { tokenCache: new TokenCache(), http: { fetch, logger: silentLogger, baseDelayMs: 5, maxDelayMs: 50 } },
      ),
    admin,
    faults: async (update) => {
      await admin("POST", "/faults", { provider: name, ...update });
    },
    clearFaults: async () => {
      await admin("DELETE", "/faults");
    },
    secrets: async () => ((await admin("GET", "/card-secrets")) as { cards: Awaited<ReturnType<SandboxHarness["secrets"]>> }).cards,
    close: () => sandbox.close(),
  };
}

/** Polls until `check` returns a value (not undefined) or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 3_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
