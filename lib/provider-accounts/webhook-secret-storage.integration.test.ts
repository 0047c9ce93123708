import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import { decryptString } from "@/lib/crypto";
import { printWebhookUrls } from "@/lib/transactions/print-webhook-urls";
import { withTestDatabase } from "@/test/database";
import { expectProviderAccountRowNotToHold } from "@/test/provider-account-row";
import { listProviderAccountViews } from "./account-view";
import { connectProviderAccount } from "./connect-account";
import { rotateEncryptionKey } from "./rotate-key";
import { rotateWebhookSecret } from "./rotate-webhook-secret";
import { webhookSecretDigest } from "./webhook-secret";

const queued = vi.hoisted(() => [] as unknown[]);
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async (_name: string, data: unknown) => void queued.push(data) }));
const { POST } = await import("@/app/api/webhooks/[provider]/[secret]/route");

const database = withTestDatabase();
const db = () => database.db();
const { body: EVENT } = JSON.parse(readFileSync(new URL("../providers/nobepay/fixtures/webhook-complete.json", import.meta.url), "utf8")) as { body: Record<string, unknown> };
let organizationId = "";
const context = () => ({ organizationId, actorUserId: null, actorEmail: "cli:operator", actorRoles: ["operator"], ip: null, userAgent: "vitest" });

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  organizationId = (await db().select().from(organizations).limit(1))[0]!.id;
});

/** The secret in the webhook URL the Settings page shows for this account. */
async function shownSecret(accountId: string): Promise<string> {
  const view = (await listProviderAccountViews(db(), organizationId)).find((account) => account.id === accountId);
  if (!view?.webhookUrl) throw new Error("the Settings page shows no webhook URL for this account");
  return decodeURIComponent(new URL(view.webhookUrl).pathname.split("/").at(-1)!);
}

function postWebhook(secret: string, eventId: string) {
  const request = new Request(`http://localhost/api/webhooks/nobepay/${secret}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...EVENT, eventId }),
  });
  return POST(request, { params: Promise.resolve({ provider: "nobepay", secret }) });
}

describe("a provider account's webhook secret at rest", () => {
  let accountId = "";

  it("is in no column of provider_accounts once an account is connected, and its URL works", async () => {
    ({ id: accountId } = await connectProviderAccount(db(), context(), {
      organizationId,
      provider: "nobepay",
      label: "NobePay live",
      baseUrl: "http://127.0.0.1:9/nobepay-live",
      credentials: { appKey: "live-key", appSecret: "live-secret" },
      check: false,
    }));
    const secret = await shownSecret(accountId);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await expectProviderAccountRowNotToHold(db(), accountId, secret);

    expect((await postWebhook(secret, "ev_storage_connected")).status).toBe(200);
    const wrong = await postWebhook(`${secret.slice(0, -1)}${secret.endsWith("A") ? "B" : "A"}`, "ev_storage_wrong");
    expect(wrong.status).toBe(404);
  });

  it("is in no column after the URL is rotated; the new URL works and the old one is refused", async () => {
    const old = await shownSecret(accountId);
    const { webhookUrl, webhookSecret } = await rotateWebhookSecret(db(), context(), { accountId });
    const secret = await shownSecret(accountId);
    expect(webhookUrl.endsWith(`/${secret}`)).toBe(true);
    // The caller that must hand the new secret on (the dev launcher, to the sandbox) gets it without reading it back.
    expect(webhookSecret).toBe(secret);
    await expectProviderAccountRowNotToHold(db(), accountId, secret);
    expect((await postWebhook(secret, "ev_storage_rotated")).status).toBe(200);
    expect((await postWebhook(old, "ev_storage_old")).status).toBe(404);
  });

  it("is in no column of the demo seed's accounts", async () => {
    const seeded = await db().select({ id: providerAccounts.id }).from(providerAccounts).where(eq(providerAccounts.label, "NobePay sandbox"));
    expect(seeded).toHaveLength(1);
    const secret = await shownSecret(seeded[0]!.id);
    await expectProviderAccountRowNotToHold(db(), seeded[0]!.id, secret);
    expect((await postWebhook(secret, "ev_storage_seeded")).status).toBe(200);
  });

  it("is printed by `npm run accounts -- list` when readable; one without a readable copy is said to be so", async () => {
    const [legacy] = await db()
      .insert(providerAccounts)
      .values({ organizationId, provider: "nobepay", label: "NobePay before 0048", baseUrl: "http://127.0.0.1:9/nobepay-old", credentialsEncrypted: "v1.x.y.z", webhookSecretDigest: webhookSecretDigest("made-before-0048-0123456789") })
      .returning();
    const printed: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(" ")));
    try {
      await printWebhookUrls(db(), [
        { id: accountId, label: "NobePay live", provider: "nobepay" },
        { id: legacy!.id, label: legacy!.label, provider: "nobepay" },
      ]);
    } finally {
      spy.mockRestore();
    }
    const secret = await shownSecret(accountId);
    expect(printed.find((line) => line.startsWith("webhook   NobePay live:"))?.endsWith(`/api/webhooks/nobepay/${secret}`)).toBe(true);
    expect(printed.find((line) => line.startsWith("webhook   NobePay before 0048:"))).toMatch(/not readable.*rotate it in Settings/);
    expect((await listProviderAccountViews(db(), organizationId)).find((view) => view.id === legacy!.id)).toMatchObject({ receivesWebhooks: true, webhookUrl: null });
    await db().delete(providerAccounts).where(eq(providerAccounts.id, legacy!.id));
  });

  it("stays readable for the Settings page after the encryption key is rotated", async () => {
    const secret = await shownSecret(accountId);
    const oldKey = process.env.ENCRYPTION_KEY!;
    const newKey = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    await rotateEncryptionKey(db(), context(), { oldKey, newKey });
    const [row] = await db().select().from(providerAccounts).where(eq(providerAccounts.id, accountId));
    const stored = Object.entries(row!).filter(([column]) => /webhook/i.test(column));
    const readable = stored.flatMap(([, value]) => {
      try {
        return [decryptString(String(value), newKey)];
      } catch {
        return [];
      }
    });
    expect(readable).toEqual([secret]);
    // Still looked up by the same URL.
    expect((await postWebhook(secret, "ev_storage_key_rotated")).status).toBe(200);
  });
});
