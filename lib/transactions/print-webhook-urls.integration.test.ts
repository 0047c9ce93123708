import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { printWebhookUrls } from "./print-webhook-urls";

const database = withTestDatabase();
const db = () => database.db();
let accounts: { id: string; label: string; provider: string }[] = [];

beforeAll(async () => {
  await seedOfflineDemo(db());
  accounts = await listProviderAccounts(db());
});

afterEach(() => void vi.unstubAllEnvs());

/** What `npm run accounts -- list` prints about webhook URLs. */
async function printed(): Promise<string[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
  try {
    await printWebhookUrls(db(), accounts);
  } finally {
    spy.mockRestore();
  }
  return lines;
}

describe("`npm run accounts -- list` and NobePay's HTTPS-only webhook URL (nobepay.md: \"Url 必须是HTTPS\")", () => {
  it("prints a warning in place of the URL behind a public http:// APP_URL", async () => {
    vi.stubEnv("APP_URL", "http://cards.example.com");
    const lines = await printed();
    expect(lines.join("\n")).not.toContain("/api/webhooks/nobepay/");
    expect(lines.find((line) => line.startsWith("webhook   NobePay sandbox:"))).toMatch(
      /^webhook {3}NobePay sandbox: not shown: NobePay only accepts an HTTPS webhook URL, and APP_URL \(http:\/\/cards\.example\.com\) is not one\. Set APP_URL to this server's https:\/\/ address/,
    );
  });

  it("prints the https:// URL with a word that NobePay's staff configure it", async () => {
    vi.stubEnv("APP_URL", "https://cards.example.com");
    const lines = await printed();
    expect(lines.find((line) => line.startsWith("webhook   NobePay sandbox:"))).toMatch(/^webhook {3}NobePay sandbox: https:\/\/cards\.example\.com\/api\/webhooks\/nobepay\/[A-Za-z0-9_-]{20,}$/);
    expect(lines).toContain("NobePay's staff configure a NobePay webhook URL on request: send it to them.");
  });

  it("without APP_URL, prints the dev server's address on PORT (as `npm run dev` serves it), saying a provider cannot reach it", async () => {
    vi.stubEnv("APP_URL", "");
    vi.stubEnv("PORT", "3350");
    const lines = await printed();
    expect(lines[0]).toBe("APP_URL is not set: these webhook URLs start with http://127.0.0.1:3350, which a provider cannot reach. Set APP_URL to the app's public URL before registering them.");
    expect(lines.find((line) => line.startsWith("webhook   NobePay sandbox:"))).toMatch(/^webhook {3}NobePay sandbox: http:\/\/127\.0\.0\.1:3350\/api\/webhooks\/nobepay\/[A-Za-z0-9_-]{20,}$/);
  });

  it("still prints a loopback URL for the sandbox on this machine, saying NobePay itself needs HTTPS", async () => {
    vi.stubEnv("APP_URL", "http://127.0.0.1:3000");
    const lines = await printed();
    expect(lines.find((line) => line.startsWith("webhook   NobePay sandbox:"))).toMatch(/^webhook {3}NobePay sandbox: http:\/\/127\.0\.0\.1:3000\/api\/webhooks\/nobepay\/[A-Za-z0-9_-]{20,}$/);
    expect(lines.some((line) => line.includes("NobePay itself only accepts an HTTPS webhook URL"))).toBe(true);
  });
});
