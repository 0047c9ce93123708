import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { webhookEvents } from "@/db/schema/webhook-events";
import { withTestDatabase } from "@/test/database";

const queued = vi.hoisted(() => [] as unknown[]);
vi.mock("@/lib/jobs/queue", () => ({
  enqueue: async (_name: string, data: unknown) => void queued.push(data),
}));

const { POST } = await import("./route");

const database = withTestDatabase();
const SECRET = "disabled-account-secret-0123456789abcdef";
let accountId = "";

const event = (JSON.parse(readFileSync(new URL("../../../../../lib/providers/nobepay/fixtures/webhook-complete.json", import.meta.url), "utf8")) as { body: Record<string, unknown> }).body;

beforeAll(async () => {
  const [organization] = await database.db().insert(organizations).values({ name: "Disabled Co" }).returning();
  const [account] = await database
    .db()
    .insert(providerAccounts)
    .values({ organizationId: organization!.id, provider: "nobepay", label: "NobePay", baseUrl: "http://127.0.0.1:9", credentialsEncrypted: "x", ...storedWebhookSecret(SECRET), active: false })
    .returning();
  accountId = account!.id;
});

function post() {
  const request = new Request(`http://localhost/api/webhooks/nobepay/${SECRET}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event) });
  return POST(request, { params: Promise.resolve({ provider: "nobepay", secret: SECRET }) });
}

const storedEvents = () => database.db().select().from(webhookEvents).where(eq(webhookEvents.providerAccountId, accountId));

describe("POST /api/webhooks/[provider]/[secret] for a disabled provider account", () => {
  it("answers 404 and stores and queues nothing, as for an unknown URL; the same event is taken once it is enabled again", async () => {
    const refused = await post();
    expect(refused.status).toBe(404);
    expect(await refused.json()).toEqual({ error: "not_found" });
    expect(await storedEvents()).toEqual([]);
    expect(queued).toEqual([]);

    // The same URL and event on the account switched back on: accepted, so the 404 above was the account's state.
    await database.db().update(providerAccounts).set({ active: true }).where(eq(providerAccounts.id, accountId));
    const accepted = await post();
    expect(accepted.status).toBe(200);
    expect(await storedEvents()).toHaveLength(1);
  });
});
