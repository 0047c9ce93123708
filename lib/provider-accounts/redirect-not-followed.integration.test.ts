// An account's base URL whose server answers with a redirect (an open redirect on the provider's host, a proxy, a path
// an admin switched to). A stored secret is only ever sent where it was entered for (update-account.ts): the
// transport must not send the token request, or any request, on to the origin the Location names.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { providerAccounts } from "@/db/schema/provider-accounts";
import type { SessionUser } from "@/lib/auth/session-user";
import { encryptJson } from "@/lib/crypto";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import type { ProviderCredentials, ProviderName } from "@/lib/providers/types";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor, TEST_META } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { testProviderAccountAction } = await import("@/lib/actions/provider-accounts/test-provider-account");

const CARDEPASS_SECRET = "QzX7-cardepass-secret";
const NOBEPAY_SECRET = "QzX7-nobepay-secret";
const OPEN_API_KEY = "QzX7-openapi-key";
/** What the redirect's query string carries: a redirect target may hold a session or a token there. */
const QUERY_SECRET = "QzX7-location-query";

const database = withTestDatabase();
const db = () => database.db();
let entered: Server;
let elsewhere: Server;
const receivedElsewhere: string[] = [];
const accounts: { provider: ProviderName; status: number; id: string }[] = [];

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => resolve(text));
  });
const listen = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const close = (server: Server | undefined) => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

beforeAll(async () => {
  await seedOfflineDemo(db());
  // The demo's own accounts point at a port nothing listens on; only the stand-ins are read here.
  await db().update(providerAccounts).set({ active: false }).where(ne(providerAccounts.label, ""));
  elsewhere = createServer((req, res) =>
    void readBody(req).then((text) => {
      receivedElsewhere.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)} ${text}`);
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    }),
  );
  const other = await listen(elsewhere);
  // Every request to the entered address is redirected, method and body kept (307/308), to another origin.
  entered = createServer((req, res) =>
    void readBody(req).then(() => {
      const status = Number(/^\/(\d{3})\//.exec(req.url ?? "")?.[1] ?? 307);
      res.writeHead(status, { location: `${other}${req.url}?session=${QUERY_SECRET}` });
      res.end();
    }),
  );
  const origin = await listen(entered);
  const admin = await sessionUserFor(db(), "admin@demo.test");
  const stand_ins: [ProviderName, number, ProviderCredentials][] = [
    ["cardepass", 307, { clientId: "redirect-client", clientSecret: CARDEPASS_SECRET }],
    ["nobepay", 308, { appKey: "redirect-key", appSecret: NOBEPAY_SECRET }],
    ["cardopenapi", 307, { customerId: 10000011, appId: 100001, key: OPEN_API_KEY }],
  ];
  for (const [provider, status, credentials] of stand_ins) {
    const [row] = await db()
      .insert(providerAccounts)
      .values({
        organizationId: admin.organizationId,
        provider,
        label: `Redirecting ${provider}`,
        baseUrl: `${origin}/${status}/${provider}`,
        credentialsEncrypted: encryptJson(credentials),
        ...storedWebhookSecret(`redirect-${provider}-webhook-secret-0000`),
        settings: { timeZone: "UTC", apiVersion: "v1", maxRetryMs: 0 },
      })
      .returning({ id: providerAccounts.id });
    accounts.push({ provider, status, id: row!.id });
  }
});
afterAll(async () => {
  await close(entered);
  await close(elsewhere);
});

describe("Test connection on an address that redirects", () => {
  it("sends nothing to the origin the redirect names, and says the redirect was not followed", async () => {
    session.user = await sessionUserFor(db(), "admin@demo.test");
    const results = [];
    for (const account of accounts) results.push({ ...account, result: await testProviderAccountAction({ accountId: account.id }) });
    expect(receivedElsewhere).toEqual([]);
    for (const { provider, status, result } of results) {
      expect(result, provider).toMatchObject({ ok: true, data: { ok: false } });
      const answer = (result as { data: { message: string; providerDetail: string | null } }).data;
      expect(answer.providerDetail, provider).toContain(`HTTP ${status}`);
      expect(answer.providerDetail, provider).toContain("Cardhub does not follow redirects");
      for (const leak of [QUERY_SECRET, "session=", CARDEPASS_SECRET, NOBEPAY_SECRET, OPEN_API_KEY]) {
        expect(JSON.stringify(result), provider).not.toContain(leak);
      }
    }
  });
});
