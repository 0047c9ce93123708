import { requireSection } from "@/lib/auth/current-user";

/** Above the page's loading boundary, so someone without the requests section gets a real 403 (the page checks again). */
export default async function RequestListLayout({ children }: { children: React.ReactNode }) {
  await requireSection("requests");
  return children;
}
