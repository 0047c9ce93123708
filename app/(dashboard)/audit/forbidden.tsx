import { ForbiddenPage } from "@/components/layout/forbidden-page";

/**
 * The only refusal below the audit section's own layout (whose refusals app/forbidden.tsx shows) is the installation
 * audit's (installation/layout.tsx): its rows are granted by whoever runs Cardhub's database (`npm run operators`),
 * never by an organisation's administrator. A server component: no JavaScript in any page's first load.
 */
export default function InstallationAuditForbidden() {
  return (
    <ForbiddenPage advice="These records belong to no organisation: they are for the installation's operators only, and no administrator can grant that. If you need them, ask the person who runs Cardhub's database." />
  );
}
