"use server";

import { guardedAction } from "@/lib/actions/guard";
import { resolveOrderReview } from "@/lib/orders/resolve-order";
import { resolveOrderSchema } from "@/lib/orders/schemas";
import { orderCardResource } from "./order-resource";

/** Finance records what the provider shows for a request in review (not on their own card: four eyes). */
export const resolveOrderAction = guardedAction({
  permission: "order.resolve",
  input: resolveOrderSchema,
  resource: orderCardResource,
  resourceType: "card",
  run: (input, { db, user, meta }) => resolveOrderReview(db, user, meta, input),
});
