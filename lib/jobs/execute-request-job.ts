import { listDueRequests } from "@/db/queries/requests";
import { executeRequest, EXECUTOR } from "@/lib/requests/execute-request";
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
  run: async ({ requestId }, db) => {
    const step = await executeRequest(db, requestId);
    if (step.recheckAt) await scheduleRequestExecution(requestId, step.recheckAt);
  },
};

/**
 * Every minute: an approved request nobody picked up (the web process died between committing the approval and
 * enqueueing) or an execution whose worker crashed is driven again. Its key makes that harmless.
 */
export const sweepRequestsJob: JobDefinition = {
  name: "requests.sweep",
  schedule: "* * * * *",
  run: async (_data, db) => {
    const due = await listDueRequests(db, { now: new Date(Date.now() - 5_000), limit: 500 });
    for (const request of due) await scheduleRequestExecution(request.id, null);
  },
};
