"use server";

import { guardedAction } from "@/lib/actions/guard";
import { record } from "@/lib/audit/record";
import { auditContextFor } from "@/lib/auth/session-user";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { refreshProductsSchema } from "@/lib/cards/schemas";

export const refreshProductsAction = guardedAction({
  permission: "card.issue",
  input: refreshProductsSchema,
  run: async (input, { db, user, meta }) => {
    const summary = await refreshAllProducts(db, { organizationId: user.organizationId, accountId: input.accountId });
    await record(db, auditContextFor(user, meta), { action: "products.refreshed", summary: { ...summary } });
    return summary;
  },
});
