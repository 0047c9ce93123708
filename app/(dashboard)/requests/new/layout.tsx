import { requirePermission } from "@/lib/auth/current-user";

/** Above the page's loading boundary, so someone who may not ask for cards gets a real 403 (the page checks again). */
export default async function NewRequestLayout({ children }: { children: React.ReactNode }) {
  await requirePermission("card.request");
  return children;
}
