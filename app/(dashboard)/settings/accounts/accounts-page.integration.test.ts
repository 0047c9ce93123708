import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { webhookSecretDigest } from "@/lib/provider-accounts/webhook-secret";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionIdFor, TEST_META } from "@/test/session-user";

// Only the cookie is stubbed: which session it names. Who that is and what they may see is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("next/navigation", async (original) => ({ ...(await original<typeof import("next/navigation")>()), useRouter: () => ({ refresh: () => undefined, push: () => undefined }) }));
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");
// A production server whose TLS-terminating proxy was left out of APP_URL: the webhook URL would be http://.
vi.stubEnv("APP_URL", "http://cards.example.com");

const { default: ProviderAccountsPage } = await import("./page");

const database = withTestDatabase();
const db = () => database.db();

beforeAll(async () => {
  await seedOfflineDemo(db());
  const nobepay = (await listProviderAccounts(db())).find((account) => account.provider === "nobepay")!;
  // A NobePay account from before migration 0048: Cardhub holds no readable copy of its URL.
  await db()
    .insert(providerAccounts)
    .values({ organizationId: nobepay.organizationId, provider: "nobepay", label: "NobePay before 0048", baseUrl: "http://127.0.0.1:9/nobepay-old", credentialsEncrypted: "v1.x.y.z", webhookSecretDigest: webhookSecretDigest("made-before-0048-0123456789") });
  cookie.sessionId = await sessionIdFor(db(), "admin@demo.test");
});

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");

/** The page's item for one account, as HTML. */
async function accountItem(label: string): Promise<string> {
  const html = renderToStaticMarkup((await ProviderAccountsPage()) as ReactElement);
  const item = html.split("<li ").find((part) => part.startsWith(`class="grid gap-4 rounded-lg border p-4" aria-label="${label}"`));
  if (!item) throw new Error(`the page lists no account labelled ${label}`);
  return item;
}

describe("Settings → Provider accounts behind an http:// APP_URL (nobepay.md: \"Url 必须是HTTPS\")", () => {
  it("shows a NobePay account a warning in place of a webhook URL NobePay would refuse", async () => {
    const item = await accountItem("NobePay sandbox");
    expect(item).not.toContain("/api/webhooks/nobepay/");
    expect(item).not.toContain("Webhook URL to register with the provider");
    expect(text(item)).toMatch(/NobePay only accepts an HTTPS webhook URL, and APP_URL \(http:\/\/cards\.example\.com\) is not one\. Set APP_URL to this server's https:\/\/ address/);
    expect(text(item)).toMatch(/Rotate webhook URL/);
  });

  it("tells an account without a readable URL to ask NobePay's staff for the new one, not to use a dashboard", async () => {
    const item = text(await accountItem("NobePay before 0048"));
    expect(item).not.toMatch(/dashboard/i);
    expect(item).toMatch(/rotate it and ask NobePay's staff to configure the new URL/);
  });
});
