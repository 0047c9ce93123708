import { listDueOrders, listOrdersOwingCardRead } from "@/db/queries/provider-orders";
import type { JobDefinition } from "./job";
import { scheduleOrderFollowUp } from "./follow-order-job";

const STALE_MS = 30_000;

/**
 * Every minute: any open order whose next check is overdue (a crash, a restart, a lost job) is followed again,
 * so nothing started is ever left without an outcome; and any ended order whose card's read after the end is still owed
 * (the process that ended it died before the read: the web process after a first answer or a person's resolution) is
 * followed too, which reads the card (follow-order.ts) rather than leave its balance to the periodic card sync.
 */
export const reconcileOrdersJob: JobDefinition = {
  name: "orders.reconcile",
  schedule: "* * * * *",
  run: async (_data, db) => {
    const before = new Date(Date.now() - STALE_MS);
    const due = await listDueOrders(db, { now: before, limit: 500 });
    for (const order of due) await scheduleOrderFollowUp(order.id, null);
    for (const order of await listOrdersOwingCardRead(db, { before, limit: 500 })) await scheduleOrderFollowUp(order.id, null);
  },
};
