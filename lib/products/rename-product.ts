import type { Db } from "@/db/client";
import { lockOrganizationProduct, setProductDisplayName } from "@/db/queries/products";
import { ActionError } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import type { AdminContext } from "@/lib/users/admin-context";
import type { RenameProductInput } from "./schemas";

export type RenamedProduct = { productId: string; name: string; displayName: string | null };

/**
 * Gives one of the organisation's products the name Cardhub shows for it (null: the provider's name again). The
 * product's row is locked for the change, and the audit row (before and after) commits with it; saving the name it
 * already has changes and records nothing. The provider is never called: the name lives in Cardhub only.
 */
export async function renameProduct(db: Db, context: AdminContext, input: RenameProductInput): Promise<RenamedProduct> {
  return db.transaction(async (tx) => {
    const product = await lockOrganizationProduct(tx, { productId: input.productId, organizationId: context.organizationId });
    if (!product) throw new ActionError("not_found", "That product does not exist.");
    const result = { productId: product.id, name: product.name, displayName: input.displayName };
    if (product.displayName === input.displayName) return result;
    await setProductDisplayName(tx, { productId: product.id, displayName: input.displayName });
    await record(tx, context, {
      action: "product.renamed",
      targetType: "product",
      targetId: product.id,
      summary: {
        name: product.name,
        providerProductId: product.providerProductId,
        providerAccountId: product.providerAccountId,
        providerAccount: product.accountLabel,
        before: { displayName: product.displayName },
        after: { displayName: input.displayName },
      },
    });
    return result;
  });
}
