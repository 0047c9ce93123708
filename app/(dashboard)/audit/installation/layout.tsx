import { requireInstallationAudit } from "./require-installation-audit";

/** Above the page's loading boundary, so someone who is not an installation operator gets a real 403. */
export default async function InstallationAuditLayout({ children }: { children: React.ReactNode }) {
  await requireInstallationAudit();
  return children;
}
