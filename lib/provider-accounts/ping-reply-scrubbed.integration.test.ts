// "Test connection" on a Cardepass account whose /v1/ping (or a gateway in front of it) answers a bare JSON string
// quoting what it received. The README promises that a provider reply quoting the account's secret or access token,
// "here or anywhere", is shown with it replaced by "[redacted]": that holds on success too, and the reply is cut short.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { providerAccounts } from "@/db/schema/provider-accounts";
import type { SessionUser } from "@/lib/auth/session-user";
import { encryptJson } from "@/lib/crypto";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor, TEST_META } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { testProviderAccountAction } = await import("@/lib/actions/provider-accounts/test-provider-account");

const TOKEN = "QzX7AccessTokenCore-99";
const CLIENT_SECRET = "QzX7ClientSecretCore-42";
const database = withTestDatabase();
const db = () => database.db();
let server: Server;
let accountId = "";

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => resolve(text));
  });

beforeAll(async () => {
  await seedOfflineDemo(db());
  // The demo's own accounts point at a port nothing listens on; only the stand-in is read here.
  await db().update(providerAccounts).set({ active: false }).where(ne(providerAccounts.label, ""));
  let tokenRequest = "";
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url?.endsWith("/connect/token")) {
        tokenRequest = body;
        return res.end(JSON.stringify({ access_token: TOKEN, expires_in: 3600, token_type: "Bearer" }));
      }
      // A gateway's diagnostic echo, a bare JSON string as /v1/ping answers, and a long one.
      return res.end(JSON.stringify(`pong; you sent Authorization: ${req.headers.authorization} after ${tokenRequest} ${"padding ".repeat(1000)}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const admin = await sessionUserFor(db(), "admin@demo.test");
  const [row] = await db()
    .insert(providerAccounts)
    .values({
      organizationId: admin.organizationId,
      provider: "cardepass",
      label: "Echoing ping",
      baseUrl: `${origin}/openapi`,
      credentialsEncrypted: encryptJson({ clientId: "echo-client", clientSecret: CLIENT_SECRET }),
      ...storedWebhookSecret("echo-ping-webhook-secret-000000"),
      settings: { timeZone: "UTC", apiVersion: "v1", maxRetryMs: 0 },
    })
    .returning({ id: providerAccounts.id });
  accountId = row!.id;
});
afterAll(async () => new Promise<void>((resolve) => server?.close(() => resolve())));

describe("Test connection, success path", () => {
  it("shows the provider's ping reply scrubbed of the access token and the secret, and cut short", async () => {
    session.user = await sessionUserFor(db(), "admin@demo.test");
    const result = await testProviderAccountAction({ accountId });
    expect(result).toMatchObject({ ok: true, data: { ok: true } });
    const shown = JSON.stringify(result);
    expect(shown).not.toContain(TOKEN);
    expect(shown).not.toContain(CLIENT_SECRET);
    const { message } = (result as { data: { message: string } }).data;
    expect(message).toContain("pong; you sent Authorization: Bearer [redacted]");
    expect(message).toContain("client_secret=[redacted]");
    expect(message.length).toBeLessThan(400);
  });
});
