import { requireProductsReader } from "./require-products-reader";

/** Above the page's loading boundary, so someone who may not read the products gets a real 403. */
export default async function ProductsLayout({ children }: { children: React.ReactNode }) {
  await requireProductsReader();
  return children;
}
