import { requireSection } from "@/lib/auth/current-user";

/** Above the page's loading boundary, so someone without the transactions section gets a real 403 (the page checks again). */
export default async function TransactionsLayout({ children }: { children: React.ReactNode }) {
  await requireSection("transactions");
  return children;
}
