import { requireVisibleCard } from "./load-card";

/** Above the page's loading boundary, so an out-of-scope card answers with a real 403 and a missing one a 404. */
export default async function CardLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  await requireVisibleCard((await params).id);
  return children;
}
