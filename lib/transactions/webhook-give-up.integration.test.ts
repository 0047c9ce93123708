import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { listBackgroundSyncHealth } from "@/db/queries/provider-sync-status";
import { insertWebhookEvent } from "@/db/queries/transactions-webhooks";
import { seedDemo } from "@/db/seed";
import { failingBackgroundSync } from "@/lib/provider-accounts/background-sync";
import { withTestDatabase } from "@/test/database";
import { stripCardData } from "./strip-card-data";
import { processWebhookEvent } from "./webhooks";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
let organizationId = "";
let accountId = "";

beforeAll(async () => {
  await seedDemo(database.db(), { sandboxUrl: "http://127.0.0.1:9" });
  const nobepay = (await listProviderAccounts(database.db())).find((account) => account.provider === "nobepay")!;
  organizationId = nobepay.organizationId;
  accountId = nobepay.id;
});

const webhookHealth = async () => (await listBackgroundSyncHealth(database.db(), { organizationId })).find((row) => row.accountId === accountId && row.kind === "webhooks");

describe("a webhook event given up", () => {
  it("is shown with the account's reads until a later event is processed", async () => {
    // Stored (the route checks only its envelope), but its transaction cannot be read: every attempt fails.
    const broken = await insertWebhookEvent(database.db(), { providerAccountId: accountId, providerEventId: "ev_broken", eventType: "TRANSACTION", payload: { eventId: "ev_broken", eventType: "TRANSACTION", object: { nonsense: true } } });
    for (let attempt = 1; attempt <= 4; attempt += 1) expect(await processWebhookEvent(database.db(), broken!)).toBe("failed");
    expect(await webhookHealth()).toBeUndefined();
    expect(await processWebhookEvent(database.db(), broken!)).toBe("failed");
    const rows = await listBackgroundSyncHealth(database.db(), { organizationId });
    const [failing] = failingBackgroundSync(rows, accountId);
    expect(failing).toMatchObject({ kind: "webhooks", lastError: expect.stringMatching(/^Event ev_broken was given up after 5 attempts: NobePay sent an answer that could not be read \(webhook: .+\)\. The regular transaction sync still reads its transaction\.$/) });
    expect(await processWebhookEvent(database.db(), broken!)).toBe("skipped");

    const { body } = JSON.parse(readFileSync("lib/providers/nobepay/fixtures/webhook-complete.json", "utf8")) as { body: Record<string, unknown> };
    const complete = stripCardData(body) as Record<string, unknown>;
    const good = await insertWebhookEvent(database.db(), { providerAccountId: accountId, providerEventId: String(complete.eventId), eventType: String(complete.eventType), payload: complete });
    expect(await processWebhookEvent(database.db(), good!)).toBe("processed");
    expect(failingBackgroundSync(await listBackgroundSyncHealth(database.db(), { organizationId }), accountId)).toEqual([]);
  });
});
