import { requireVisibleAuditEvent } from "./load-audit-event";

/** Above the page's loading boundary, so a missing or hidden event answers with a real 404. */
export default async function AuditEventLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  await requireVisibleAuditEvent((await params).id);
  return children;
}
