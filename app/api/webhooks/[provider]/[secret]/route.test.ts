import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { webhookEvents } from "@/db/schema/webhook-events";
import { MAX_WEBHOOK_BYTES } from "@/lib/transactions/webhooks";
import { withTestDatabase } from "@/test/database";

const queued = vi.hoisted(() => [] as unknown[]);
vi.mock("@/lib/jobs/queue", () => ({
  enqueue: async (_name: string, data: unknown) => void queued.push(data),
}));

const { POST } = await import("./route");

const database = withTestDatabase();
const SECRET = "route-test-secret-0123456789abcdef";
const CHUNK = 16 * 1024;
let accountId = "";

beforeAll(async () => {
  const [organization] = await database.db().insert(organizations).values({ name: "Webhook Co" }).returning();
  const [account] = await database
    .db()
    .insert(providerAccounts)
    .values({
      organizationId: organization!.id,
      provider: "nobepay",
      label: "NobePay",
      baseUrl: "http://127.0.0.1:9",
      credentialsEncrypted: "x",
      ...storedWebhookSecret(SECRET),
    })
    .returning();
  accountId = account!.id;
});

/** A chunked upload (no Content-Length) that counts what the server pulled from it. */
function chunkedBody(content: Uint8Array) {
  const read = { bytes: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (read.bytes >= content.byteLength) return controller.close();
        const chunk = content.subarray(read.bytes, read.bytes + CHUNK);
        read.bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, read };
}

function post(secret: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  const request = new Request(`http://localhost/api/webhooks/nobepay/${secret}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
  return POST(request, { params: Promise.resolve({ provider: "nobepay", secret }) });
}

const storedEvents = () =>
  database.db().select().from(webhookEvents).where(eq(webhookEvents.providerAccountId, accountId));

describe("POST /api/webhooks/[provider]/[secret]", () => {
  it("never reads the body of a caller with a wrong secret", async () => {
    const { stream, read } = chunkedBody(new Uint8Array(2 * 1024 * 1024).fill(0x20));
    const response = await post("wrong-secret-0123456789abcdef", stream);
    expect(response.status).toBe(404);
    expect(read.bytes).toBe(0);
  });

  it("stops reading a chunked body at the cap and answers 413, whatever the headers say", async () => {
    for (const headers of [{}, { "content-length": "10" }] as Record<string, string>[]) {
      const { stream, read } = chunkedBody(new Uint8Array(2 * 1024 * 1024).fill(0x20));
      const response = await post(SECRET, stream, headers);
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ error: "too_large" });
      expect(read.bytes).toBeLessThanOrEqual(MAX_WEBHOOK_BYTES + CHUNK);
    }
    expect(await storedEvents()).toEqual([]);
  });

  it("stores a chunked event under the cap and answers 200", async () => {
    const { body } = JSON.parse(
      readFileSync(
        new URL("../../../../../lib/providers/nobepay/fixtures/webhook-complete.json", import.meta.url),
        "utf8",
      ),
    ) as { body: Record<string, unknown> };
    // Padded past one chunk, so the event arrives in pieces.
    const padded = { ...body, padding: " ".repeat(3 * CHUNK) };
    const { stream } = chunkedBody(new TextEncoder().encode(JSON.stringify(padded)));
    const response = await post(SECRET, stream);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    const [stored] = await storedEvents();
    expect(stored).toMatchObject({ providerEventId: "ev_xxxxxxxxxxxxxxxxxxxxx", eventType: "TRANSACTION" });
    expect(queued).toEqual([{ webhookEventId: stored!.id }]);
  });
});
