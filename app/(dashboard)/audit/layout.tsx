import { requireSection } from "@/lib/auth/current-user";

/**
 * The permission check sits here, above loading.tsx's Suspense boundary: checked inside the page, the 200 and
 * the loading skeleton would already be streaming before the 403 could be decided.
 */
export default async function AuditLayout({ children }: { children: React.ReactNode }) {
  await requireSection("audit");
  return children;
}
