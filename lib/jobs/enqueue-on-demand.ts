import type PgBoss from "pg-boss";
import { enqueue } from "./queue";

/** Above the scheduled runs' 0: pg-boss hands out a queue's jobs by priority first, then by age. */
const ON_DEMAND_PRIORITY = 1;

/**
 * Queues a read asked for now ("Get new transactions", an account just connected, an order just settled) on a scheduled
 * job's stately queue. Its key of its own keeps the queue from folding it into the scheduled run waiting there (keyed
 * by nothing); its priority hands it out before that run, which cannot start while the last one still goes on (one
 * running per key) and, first by age, would hold back every job behind it until then.
 */
export async function enqueueOnDemand(name: string, data: object, options: Omit<PgBoss.SendOptions, "priority"> & { singletonKey: string }): Promise<void> {
  await enqueue(name, data, { ...options, priority: ON_DEMAND_PRIORITY });
}
