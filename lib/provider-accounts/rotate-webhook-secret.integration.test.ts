import { readFileSync } from "node:fs";
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { auditLog } from "@/db/schema/audit";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { webhookEvents } from "@/db/schema/webhook-events";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { serializeAll } from "@/test/serialize";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { listProviderAccountViews } from "./account-view";
import { readWebhookSecret, storedWebhookSecret, webhookSecretDigest } from "./webhook-secret";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
const queued = vi.hoisted(() => [] as unknown[]);
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async (_name: string, data: unknown) => void queued.push(data) }));

const { rotateWebhookUrlAction } = await import("@/lib/actions/provider-accounts/rotate-webhook-url");
const { POST } = await import("@/app/api/webhooks/[provider]/[secret]/route");

const database = withTestDatabase();
const db = () => database.db();
const { body: EVENT } = JSON.parse(readFileSync(new URL("../providers/nobepay/fixtures/webhook-complete.json", import.meta.url), "utf8")) as { body: Record<string, unknown> };

let nobepay: { id: string; webhookSecret: string };
let cardepassId: string;
let otherOrgAccount: { id: string; webhookSecret: string };

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const accounts = await db().select().from(providerAccounts);
  const seeded = accounts.find((account) => account.label === "NobePay sandbox")!;
  nobepay = { id: seeded.id, webhookSecret: readWebhookSecret(seeded.webhookSecretEncrypted)! };
  cardepassId = accounts.find((account) => account.label === "Cardepass sandbox")!.id;
  const [other] = await db().insert(organizations).values({ name: "Other Company" }).returning();
  const [theirs] = await db()
    .insert(providerAccounts)
    .values({ organizationId: other!.id, provider: "nobepay", label: "Theirs", baseUrl: "http://127.0.0.1:9/nobepay", credentialsEncrypted: "v1.x.y.z", ...storedWebhookSecret("theirs-webhook-secret-0123456789") })
    .returning();
  otherOrgAccount = { id: theirs!.id, webhookSecret: "theirs-webhook-secret-0123456789" };
});

/** A webhook through the real route handler, as the provider would post it to that secret's URL. */
function postWebhook(secret: string, event: Record<string, unknown>) {
  const request = new Request(`http://localhost/api/webhooks/nobepay/${secret}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(event),
  });
  return POST(request, { params: Promise.resolve({ provider: "nobepay", secret }) });
}

const secretOf = (url: string) => decodeURIComponent(new URL(url).pathname.split("/").at(-1)!);
const storedEvents = () => db().select().from(webhookEvents).where(eq(webhookEvents.providerAccountId, nobepay.id));

describe("rotating a provider account's webhook URL", () => {
  it("replaces the secret: the old URL is refused like an unknown one, the new one accepted, audited without either secret", async () => {
    session.user = await sessionUserFor(db(), "admin@demo.test");
    const oldSecret = nobepay.webhookSecret;
    // The old URL works before the rotation.
    expect((await postWebhook(oldSecret, { ...EVENT, eventId: "ev_before_rotation" })).status).toBe(200);

    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error"] as const).map((level) => vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))));
    let result: Awaited<ReturnType<typeof rotateWebhookUrlAction>>;
    try {
      result = await rotateWebhookUrlAction({ accountId: nobepay.id });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(result).toMatchObject({ ok: true, data: { webhookUrl: expect.stringMatching(/\/api\/webhooks\/nobepay\/[A-Za-z0-9_-]{32}$/) } });
    if (!result.ok) throw new Error(result.error.message);
    // The browser gets the URL alone, as before the rotation returned its secret to server callers.
    expect(Object.keys(result.data)).toEqual(["webhookUrl"]);
    const newSecret = secretOf(result.data.webhookUrl);
    const row = await findProviderAccount(db(), nobepay.id);
    // Stored (as its digest and encrypted, never in clear), of the same form as at connection (24 random bytes,
    // base64url), and different.
    expect(row!.webhookSecretDigest).toBe(webhookSecretDigest(newSecret));
    expect(readWebhookSecret(row!.webhookSecretEncrypted)).toBe(newSecret);
    expect(newSecret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(newSecret).not.toBe(oldSecret);
    // The Settings page shows the new URL.
    const views = await listProviderAccountViews(db(), session.user.organizationId);
    expect(views.find((view) => view.id === nobepay.id)!.webhookUrl).toBe(result.data.webhookUrl);

    // The old URL: the same answer as a secret that never existed, and nothing stored.
    const before = (await storedEvents()).length;
    const old = await postWebhook(oldSecret, { ...EVENT, eventId: "ev_old_url" });
    const unknown = await postWebhook("never-issued-secret-0123456789ab", { ...EVENT, eventId: "ev_unknown_url" });
    expect(old.status).toBe(404);
    expect({ status: old.status, body: await old.json() }).toEqual({ status: unknown.status, body: await unknown.json() });
    expect(await storedEvents()).toHaveLength(before);

    // The new URL is accepted and the event stored under the account.
    const fresh = await postWebhook(newSecret, { ...EVENT, eventId: "ev_new_url" });
    expect(fresh.status).toBe(200);
    expect(await fresh.json()).toEqual({ received: true, duplicate: false });
    expect((await storedEvents()).map((event) => event.providerEventId)).toContain("ev_new_url");

    const [audit] = await db().select().from(auditLog).where(eq(auditLog.action, "provider_account.webhook_url_rotated")).orderBy(desc(auditLog.id));
    expect(audit).toMatchObject({
      outcome: "success",
      actorEmail: "admin@demo.test",
      targetType: "provider_account",
      targetId: nobepay.id,
      summary: { label: "NobePay sandbox", provider: "nobepay" },
    });
    const everything = serializeAll(await db().select().from(auditLog));
    for (const secret of [oldSecret, newSecret]) {
      expect(everything.includes(secret), "the audit log holds a webhook secret").toBe(false);
      expect(logged.join("\n").includes(secret), "a log line holds a webhook secret").toBe(false);
    }
  });

  it("refuses a non-admin, on record, and changes nothing", async () => {
    const webhookSecret = readWebhookSecret((await findProviderAccount(db(), nobepay.id))!.webhookSecretEncrypted)!;
    for (const email of ["finance@demo.test", "auditor@demo.test", "employee@demo.test"]) {
      session.user = await sessionUserFor(db(), email);
      expect(await rotateWebhookUrlAction({ accountId: nobepay.id })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      const [denial] = await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "permission.denied"), eq(auditLog.actorEmail, email)))
        .orderBy(desc(auditLog.id))
        .limit(1);
      expect(denial).toMatchObject({ outcome: "denied", summary: { permission: "admin.manage", reason: "role_not_allowed" } });
    }
    expect((await findProviderAccount(db(), nobepay.id))!.webhookSecretDigest).toBe(webhookSecretDigest(webhookSecret));
    expect((await postWebhook(webhookSecret, { ...EVENT, eventId: "ev_after_denials" })).status).toBe(200);
  });

  it("refuses another organisation's account, an account without webhooks and a malformed id, changing nothing", async () => {
    session.user = await sessionUserFor(db(), "admin@demo.test");
    const rotations = async () => (await db().select().from(auditLog).where(eq(auditLog.action, "provider_account.webhook_url_rotated"))).length;
    const before = await rotations();
    expect(await rotateWebhookUrlAction({ accountId: otherOrgAccount.id })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect((await findProviderAccount(db(), otherOrgAccount.id))!.webhookSecretDigest).toBe(webhookSecretDigest(otherOrgAccount.webhookSecret));
    const cardepass = (await findProviderAccount(db(), cardepassId))!;
    expect(await rotateWebhookUrlAction({ accountId: cardepassId })).toMatchObject({ ok: false, error: { code: "invalid_input", message: expect.stringContaining("no webhook URL") } });
    expect((await findProviderAccount(db(), cardepassId))!.webhookSecretDigest).toBe(cardepass.webhookSecretDigest);
    expect(await rotateWebhookUrlAction({ accountId: "not-a-uuid" })).toMatchObject({ ok: false, error: { code: "invalid_input", fields: { accountId: expect.any(String) } } });
    expect(await rotations()).toBe(before);
  });
});
