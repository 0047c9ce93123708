import { getDb } from "@/db/client";
import { enqueue } from "@/lib/jobs/queue";
import { PROCESS_WEBHOOK } from "@/lib/jobs/process-webhook-job";
import { receiveWebhook } from "@/lib/transactions/webhooks";

export const dynamic = "force-dynamic";

const HEADERS = { "Cache-Control": "no-store" };

/** Provider webhooks: stored once, answered at once, processed by a job (lib/transactions/webhooks.ts). */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ provider: string; secret: string }> },
): Promise<Response> {
  const { provider, secret } = await params;
  const receipt = await receiveWebhook(getDb(), { provider, secret, body: request.body });
  switch (receipt.status) {
    case 404:
      return Response.json({ error: "not_found" }, { status: 404, headers: HEADERS });
    case 413:
      return Response.json({ error: "too_large" }, { status: 413, headers: HEADERS });
    case 400:
      return Response.json(
        { error: "invalid_event", message: receipt.message },
        { status: 400, headers: HEADERS },
      );
    case 200:
      if (receipt.storedId) {
        // A lost enqueue is not lost work: the pending-events sweep picks the stored event up.
        await enqueue(PROCESS_WEBHOOK, { webhookEventId: receipt.storedId }).catch((error: unknown) =>
          console.warn(
            `[webhooks] could not queue event processing: ${error instanceof Error ? error.message : "unknown error"}`,
          ),
        );
      }
      return Response.json(
        { received: true, duplicate: receipt.duplicate },
        { status: 200, headers: HEADERS },
      );
  }
}
