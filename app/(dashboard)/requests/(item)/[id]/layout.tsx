import { requireVisibleRequest } from "./load-request";

/** Above the page's loading boundary, so a missing request answers with a real 404 and an out-of-scope one a 403. */
export default async function RequestLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  await requireVisibleRequest((await params).id);
  return children;
}
