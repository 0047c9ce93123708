import { listDueRequests } from "@/db/queries/requests";
import { executeRequest, EXECUTOR } from "@/lib/requests/execute-request";
import { withdrawLeftoverRequests } from "@/lib/requests/withdrawal-sweep";
import type { JobDefinition } from "./job";
import { enqueue } from "./queue";

/**
 * Schedules a look at an approved request; the sweep below is the safety net if this is ever lost. One look per
 * request waits on the queue (the queue's "short" policy keys it by request), as for order follow-ups.
 */
export async function scheduleRequestExecution(requestId: string, at: Date | null): Promise<void> {
  await enqueue(EXECUTOR, { requestId }, { startAfter: at ?? new Date(), retryLimit: 5, retryBackoff: true, singletonKey: `request:${requestId}` });
}

export const executeRequestJob: JobDefinition<{ requestId: string }> = {
  name: EXECUTOR,
  retryLimit: 5,
  policy: "short",
  // Placing an order waits on its provider (a timeout and retries when it is down): one provider's outage must not
  // hold up approved requests on the others. Two runs of one request still take turns (executeRequest's lock).
  concurrency: 4,
  run: async ({ requestId }, db) => {
    const step = await executeRequest(db, requestId);
    if (step.recheckAt) await scheduleRequestExecution(requestId, step.recheckAt);
  },
};

/**
 * Every minute: an approved request nobody picked up (the web process died between committing the approval and
 * enqueueing) or an execution whose worker crashed is driven again. Its key makes that harmless. First, the waiting
 * requests whose card is closed or no longer needs them are withdrawn (a withdrawal lost after a card sync).
 */
export const sweepRequestsJob: JobDefinition = {
  name: "requests.sweep",
  schedule: "* * * * *",
  run: async (_data, db) => {
    await withdrawLeftoverRequests(db);
    const due = await listDueRequests(db, { now: new Date(Date.now() - 5_000), limit: 500 });
    for (const request of due) await scheduleRequestExecution(request.id, null);
  },
};
