import { listDueOrders } from "@/db/queries/provider-orders";
import type { JobDefinition } from "./job";
import { scheduleOrderFollowUp } from "./follow-order-job";

const STALE_MS = 30_000;

/**
 * Every minute: any open order whose next check is overdue (a crash, a restart, a lost job) is followed again,
 * so nothing started is ever left without an outcome.
 */
export const reconcileOrdersJob: JobDefinition = {
  name: "orders.reconcile",
  schedule: "* * * * *",
  run: async (_data, db) => {
    const due = await listDueOrders(db, { now: new Date(Date.now() - STALE_MS), limit: 500 });
    for (const order of due) await scheduleOrderFollowUp(order.id, null);
  },
};
