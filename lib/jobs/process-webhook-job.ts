import { processPendingWebhooks, processWebhookEvent } from "@/lib/transactions/webhooks";
import type { JobDefinition } from "./job";
import { JobFailure } from "./job-failure";
import { queueReadsOfMovedCards } from "./refresh-card-job";

export const PROCESS_WEBHOOK = "webhooks.process";
export const PROCESS_PENDING_WEBHOOKS = "webhooks.process-pending";

/** Sent by the webhook route for each stored event, so it becomes a transaction within a second or two. */
export const processWebhookJob: JobDefinition<{ webhookEventId: string }> = {
  name: PROCESS_WEBHOOK,
  run: async (data, db) => {
    const moved = new Set<string>();
    if ((await processWebhookEvent(db, data.webhookEventId, moved)) === "failed")
      throw new JobFailure("webhook event processing failed; it stays pending");
    await queueReadsOfMovedCards(moved);
  },
};

/** The backstop: events whose job was lost (enqueue failed, worker crashed) are processed within a minute. */
export const processPendingWebhooksJob: JobDefinition = {
  name: PROCESS_PENDING_WEBHOOKS,
  schedule: "* * * * *",
  run: async (_data, db) => {
    await processPendingWebhooks(db, { olderThanMs: 20_000 });
  },
};
