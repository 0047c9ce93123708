import { Menu, X } from "lucide-react";
import type { Section } from "@/lib/auth/sections";
import { MobileNavSheet } from "./mobile-nav-sheet";
import { NavLinks } from "./nav-links";

/**
 * The phone-width menu: a modal sheet that keeps keyboard focus inside it (mobile-nav-sheet.tsx). Its links and icons
 * are rendered here, on the server, so the browser gets only the sheet's own few lines and the modal it is built on.
 */
export function MobileNav({ sections, waiting = 0 }: { sections: Section[]; waiting?: number }) {
  return (
    <MobileNavSheet openIcon={<Menu aria-hidden />} closeIcon={<X aria-hidden />}>
      <NavLinks sections={sections} idSuffix="mobile-nav" waiting={waiting} />
    </MobileNavSheet>
  );
}
