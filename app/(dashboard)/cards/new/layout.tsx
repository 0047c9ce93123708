import { requirePermission } from "@/lib/auth/current-user";

/** Above the page's loading boundary, so someone who may not issue cards gets a real 403 (the page checks again). */
export default async function IssueCardLayout({ children }: { children: React.ReactNode }) {
  await requirePermission("card.issue");
  return children;
}
