// A provider (or a gateway in front of it) whose refusal quotes what it was sent: the account's secret, as sent (JSON
// body, form body) or decoded, and the access token of the call. None of it may reach the browser, the audit log, a
// sync status, an account's last error or a log line.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { providerSyncStatus } from "@/db/schema/provider-sync-status";
import type { SessionUser } from "@/lib/auth/session-user";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { encryptJson } from "@/lib/crypto";
import type { ProviderCredentials, ProviderName } from "@/lib/providers/types";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { serializeAll } from "@/test/serialize";
import { sessionUserFor, TEST_META } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { testProviderAccountAction } = await import("@/lib/actions/provider-accounts/test-provider-account");
const { refreshProductsAction } = await import("@/lib/actions/products/refresh-products");

// Each value holds a core of letters and digits that survives every encoding (JSON, URL, form): that core must
// appear nowhere. The characters around it are the ones the encodings change.
const OPEN_API_KEY = 'Coa"Key\\QzX7CoaCore0042/+x';
const CARDEPASS_SECRET = "Cdp+Secret/=&QzX7CdpCore77 x";
const NOBEPAY_SECRET = 'Nbp"Secret\\QzX7NbpCore55';
const CARDEPASS_TOKEN = "QzX7CdpTokenCore-1";
const NOBEPAY_TOKEN = "QzX7NbpTokenCore-2";
const CORES = ["QzX7CoaCore0042", "QzX7CdpCore77", "QzX7NbpCore55", "QzX7CdpTokenCore", "QzX7NbpTokenCore"];

const database = withTestDatabase();
const db = () => database.db();
let server: Server;
const answered: string[] = [];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => resolve(body));
  });
}

/** One stand-in per account, told apart by the first path segment; every refusal repeats what the request carried. */
async function answer(req: IncomingMessage, body: string): Promise<{ status: number; json: unknown }> {
  const url = req.url ?? "";
  if (url.startsWith("/coa/")) {
    const sent = JSON.parse(body || "{}") as { key?: string; customer_id?: number };
    return { status: 200, json: { code: 10001, message: `key ${sent.key} is not valid for customer ${sent.customer_id}; request was ${body}`, data: null } };
  }
  if (url.startsWith("/cdp-refuse/")) {
    const raw = /client_secret=([^&]*)/.exec(body)?.[1] ?? "";
    const decoded = new URLSearchParams(body).get("client_secret");
    return { status: 401, json: { error: `invalid_client client_secret=${raw}`, error_description: `The secret ${decoded} is unknown` } };
  }
  if (url.startsWith("/cdp-token/")) {
    if (url.endsWith("/connect/token")) return { status: 200, json: { access_token: CARDEPASS_TOKEN, expires_in: 3600, token_type: "Bearer" } };
    return { status: 403, json: { hasError: true, errorCode: "FORBIDDEN", errorMessage: `${req.headers.authorization} may not call ${url}`, responseId: "r-1" } };
  }
  if (url.startsWith("/nbp-refuse/")) {
    const sent = JSON.parse(body || "{}") as { appSecret?: string };
    return { status: 200, json: { success: false, code: 500001, msg: `could not handle appSecret ${sent.appSecret} in ${body}` } };
  }
  if (url.startsWith("/nbp-token/")) {
    if (url.endsWith("/token/get")) return { status: 200, json: { success: true, code: 200000, data: { accessToken: NOBEPAY_TOKEN, expiresIn: 10800 } } };
    return { status: 200, json: { success: false, code: 400001, msg: `kc-open-api ${String(req.headers["kc-open-api"])} may not call ${url}` } };
  }
  return { status: 404, json: {} };
}

beforeAll(async () => {
  await seedOfflineDemo(db());
  // The demo's own accounts point at a port nothing listens on; only the stand-ins are read here.
  await db().update(providerAccounts).set({ active: false }).where(ne(providerAccounts.label, ""));
  server = createServer((req, res) => {
    void readBody(req).then(async (body) => {
      const { status, json } = await answer(req, body);
      const text = JSON.stringify(json);
      answered.push(text);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const admin = await sessionUserFor(db(), "admin@demo.test");
  const accounts: [string, ProviderName, string, ProviderCredentials][] = [
    ["Echoing OPEN-API", "cardopenapi", `${origin}/coa`, { customerId: 10000099, appId: 100099, key: OPEN_API_KEY }],
    ["Echoing Cardepass token", "cardepass", `${origin}/cdp-refuse/openapi`, { clientId: "echo-client", clientSecret: CARDEPASS_SECRET }],
    ["Echoing Cardepass call", "cardepass", `${origin}/cdp-token/openapi`, { clientId: "echo-client-2", clientSecret: CARDEPASS_SECRET }],
    ["Echoing NobePay token", "nobepay", `${origin}/nbp-refuse`, { appKey: "echo-key", appSecret: NOBEPAY_SECRET }],
    ["Echoing NobePay call", "nobepay", `${origin}/nbp-token`, { appKey: "echo-key-2", appSecret: NOBEPAY_SECRET }],
  ];
  for (const [label, provider, baseUrl, credentials] of accounts) {
    await db()
      .insert(providerAccounts)
      .values({
        organizationId: admin.organizationId,
        provider,
        label,
        baseUrl,
        credentialsEncrypted: encryptJson(credentials),
        ...storedWebhookSecret(`echo-webhook-${provider}-${label.length}`),
        settings: { timeZone: "UTC", maxRetryMs: 0 },
      });
  }
});
afterAll(async () => new Promise<void>((resolve) => server?.close(() => resolve())));

describe("a provider answer that repeats the account's credentials", () => {
  it("is told without them: connection test, product refresh, card sync, their audit rows, statuses and logs", async () => {
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))),
    );
    const answers: unknown[] = [];
    try {
      const echoing = (await db().select().from(providerAccounts)).filter((account) => account.label.startsWith("Echoing"));
      expect(echoing).toHaveLength(5);
      session.user = await sessionUserFor(db(), "admin@demo.test");
      for (const account of echoing) answers.push(await testProviderAccountAction({ accountId: account.id }));
      session.user = await sessionUserFor(db(), "finance@demo.test");
      for (const account of echoing) answers.push(await refreshProductsAction({ accountId: account.id }));
      await syncAllCards(db());
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    // The stand-ins did repeat every value (as sent and decoded) …
    for (const core of CORES) expect(answered.join("\n"), `the stand-ins repeated ${core}`).toContain(core);
    // … and the provider's own words are still shown, with the values taken out.
    const tested = serializeAll(answers.slice(0, 5));
    expect(tested).toContain("is not valid for customer 10000099");
    expect(tested).toContain("[redacted]");

    const surfaces: [string, string][] = [
      ["action answers", serializeAll(answers)],
      ["audit rows", serializeAll(await db().select().from(auditLog))],
      ["sync statuses", serializeAll(await db().select().from(providerSyncStatus))],
      ["accounts' last errors", serializeAll((await db().select().from(providerAccounts)).map((account) => account.lastError))],
      ["logs", logged.join("\n")],
    ];
    for (const [where, text] of surfaces) {
      for (const core of CORES) expect(text.includes(core), `${where} contain ${core}`).toBe(false);
    }
  });
});
