import { AsyncLocalStorage } from "node:async_hooks";
import { jobActor } from "./job-actors";

/** The queue of the job whose run this code is part of, as the worker started it (runAsJob). */
const runningJob = new AsyncLocalStorage<string>();

/**
 * Runs one run of the job on `queue` with its name on record: an audit row written inside it for no person names the
 * job (workerAuditContext). Only the worker's runner calls this, with the name of the job pg-boss handed it.
 */
export function runAsJob<T>(queue: string, run: () => Promise<T>): Promise<T> {
  return runningJob.run(queue, run);
}

/**
 * The audit actor of the job this code runs in ("job:cards.sync"). Null outside any job: the same code in a web
 * request (a card refreshed after the order a person placed ended at once) or a command names no job, never a guess.
 */
export function runningJobActor(): string | null {
  const queue = runningJob.getStore();
  return queue === undefined ? null : jobActor(queue);
}
