import { isProviderError } from "@/lib/providers/errors";
import { loggableError } from "./loggable-error";

/** What pg-boss keeps of a job that an error of Cardhub's own stopped (the worker's log names the error). */
export const JOB_STOPPED_INSIDE_CARDHUB = "An error inside Cardhub stopped this job (the worker's log names it); pg-boss retries it as its queue allows.";

/** A job failing on purpose, in a sentence of its own: one that names no row's values, for pg-boss keeps it. */
export class JobFailure extends Error {
  override name = "JobFailure";
}

/**
 * The text pg-boss keeps for the error that stopped a job: a job's own sentence, a provider's answer as it stands (scrubbed
 * of the credentials sent, as the sync statuses show it), anything else the fixed sentence.
 */
export function jobFailureText(error: unknown): string {
  return error instanceof JobFailure || isProviderError(error) ? error.message : JOB_STOPPED_INSIDE_CARDHUB;
}

/**
 * One run of a job as pg-boss calls it. SECURITY: pg-boss stores what a handler throws (message, stack, every field, the
 * cause) in the job's row for as long as it keeps the job, and an error of Cardhub's own carries the failing query with
 * the row's values (names, emails, amounts, ids). The log gets that error cleaned (loggableError), pg-boss a new Error
 * holding only jobFailureText's sentence; it is still thrown, so the queue's retries go on as before.
 */
export async function runForQueue(job: { name: string; id: string }, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    console.error(`[jobs] ${job.name} ${job.id} failed: ${loggableError(error)}`);
    throw new Error(jobFailureText(error));
  }
}
