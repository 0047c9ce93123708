"use client";

import { lazy, Suspense, useCallback, useRef, useState } from "react";
import { CloseMenuContext } from "./close-menu-context";

// The modal's code loads when the menu is first wanted (the pointer over the button, focus on it, or a tap), not with
// every page: the menu is in every page's first load, which is at its 160 KB budget.
const loadNativeModal = () => import("@/components/ui/native-modal").then((module) => ({ default: module.NativeModal }));
const NativeModal = lazy(loadNativeModal);

/**
 * The phone menu as a modal sheet on NativeModal (the browser's modal <dialog>, which the list filters' sheet is built
 * on): the page behind is inert, so Tab stays in the menu, and Escape, Close, the backdrop or a followed link give
 * focus back to "Open menu". Not components/ui/sheet itself: this is in every page's first load, and that one would
 * bring lucide's runtime (its close icon) and tailwind-merge to pages with neither; the icons come from the server.
 */
export function MobileNavSheet({ openIcon, closeIcon, children }: { openIcon: React.ReactNode; closeIcon: React.ReactNode; children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const [wanted, setWanted] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const prepare = () => {
    if (wanted) return;
    setWanted(true);
    void loadNativeModal();
  };
  return (
    <>
      <button
        ref={trigger}
        type="button"
        aria-label="Open menu"
        aria-haspopup="dialog"
        aria-expanded={open}
        onPointerEnter={prepare}
        onFocus={prepare}
        onClick={() => {
          prepare();
          setOpen(true);
        }}
        className="nav-sheet-button size-9 md:hidden"
      >
        {openIcon}
      </button>
      {wanted ? (
        <Suspense fallback={null}>
          <NativeModal
            open={open}
            onOpenChange={setOpen}
            returnFocus={() => trigger.current}
            id="mobile-nav"
            aria-label="Menu"
            className="nav-sheet"
          >
            {/* Close first: the browser focuses it on opening, so a screen reader says the "Menu" dialog opened. */}
            <div className="flex items-center justify-between">
              <span className="font-semibold">Cardhub</span>
              <button type="button" onClick={close} aria-label="Close menu" className="nav-sheet-button size-8">
                {closeIcon}
              </button>
            </div>
            <nav aria-label="Main">
              <CloseMenuContext value={close}>{children}</CloseMenuContext>
            </nav>
          </NativeModal>
        </Suspense>
      ) : null}
    </>
  );
}
