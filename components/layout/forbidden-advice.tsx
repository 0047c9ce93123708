"use client";

import { usePathname } from "next/navigation";

const INSTALLATION_AUDIT = "/audit/installation";

/**
 * What the 403 page advises, by the page refused: forbidden.tsx takes no props, and its element is rendered before the
 * page refuses, so the path is what says which check it was. The installation's own audit rows are granted by
 * whoever runs Cardhub's database (`npm run operators`), never by an organisation's administrator.
 */
export function ForbiddenAdvice({ className }: { className?: string }) {
  const pathname = usePathname();
  const installation = pathname === INSTALLATION_AUDIT || pathname.startsWith(`${INSTALLATION_AUDIT}/`);
  return (
    <p className={className}>
      {installation
        ? "These records belong to no organisation: they are for the installation's operators only, and no administrator can grant that. If you need them, ask the person who runs Cardhub's database."
        : "Your role does not include this part of Cardhub. If you need it, ask an administrator to change your roles."}
    </p>
  );
}
