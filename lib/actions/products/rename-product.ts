"use server";

import { findProductOrganization } from "@/db/queries/products";
import { guardedAction } from "@/lib/actions/guard";
import { renameProduct } from "@/lib/products/rename-product";
import { renameProductSchema } from "@/lib/products/schemas";
import { adminContextFor } from "@/lib/users/admin-context";

/** Administrators name products for Cardhub's screens; another organisation's product is refused (and audited). */
export const renameProductAction = guardedAction({
  permission: "admin.manage",
  input: renameProductSchema,
  resource: async (input, context) => {
    const product = await findProductOrganization(context.db, input.productId);
    return product ? { id: product.id, organizationId: product.organizationId, ownerUserId: null, teamId: null } : null;
  },
  resourceType: "product",
  auditTarget: (input) => ({ type: "product", id: input.productId }),
  run: (input, context) => renameProduct(context.db, adminContextFor(context), input),
});
