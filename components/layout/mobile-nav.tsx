import { Menu, X } from "lucide-react";
import type { Section } from "@/lib/auth/sections";
import { MobileNavClose } from "./mobile-nav-close";
import { NavLinks } from "./nav-links";

const PANEL_ID = "mobile-nav";

/**
 * The phone-width menu as the browser's own popover (Escape, light dismiss, top layer): no dialog library in every
 * page's first load. NavLinks closes it when a link is followed; the Close button takes focus when it opens.
 */
export function MobileNav({ sections, waiting = 0 }: { sections: Section[]; waiting?: number }) {
  return (
    <>
      <button
        type="button"
        popoverTarget={PANEL_ID}
        className="hover:bg-accent focus-visible:ring-ring/50 inline-flex size-9 items-center justify-center rounded-md outline-none focus-visible:ring-[3px] md:hidden [&_svg]:size-4"
        aria-label="Open menu"
      >
        <Menu aria-hidden />
      </button>
      <div
        id={PANEL_ID}
        popover="auto"
        role="dialog"
        aria-label="Menu"
        className="bg-background fixed inset-y-0 right-auto left-0 m-0 h-full max-h-none w-72 flex-col gap-4 border-r p-4 shadow-lg backdrop:bg-black/50 open:flex"
      >
        <div className="flex items-center justify-between">
          <span className="font-semibold">Cardhub</span>
          <MobileNavClose
            panelId={PANEL_ID}
            className="hover:bg-accent focus-visible:ring-ring/50 inline-flex size-8 items-center justify-center rounded-md outline-none focus-visible:ring-[3px] [&_svg]:size-4"
          >
            <X aria-hidden />
          </MobileNavClose>
        </div>
        <nav aria-label="Main">
          <NavLinks sections={sections} closesPopover={PANEL_ID} waiting={waiting} />
        </nav>
      </div>
    </>
  );
}
