import { refreshAllProducts } from "@/lib/products/refresh-products";
import type { JobDefinition } from "./job";

export const refreshProductsJob: JobDefinition = {
  name: "products.refresh",
  schedule: "7 * * * *",
  run: async (_data, db) => {
    const summary = await refreshAllProducts(db);
    for (const failure of summary.failed) console.warn(`[products] ${failure.label}: ${failure.message}`);
  },
};
