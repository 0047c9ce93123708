"use client";

import { useEffect, useRef } from "react";

/**
 * The phone menu's Close button, which takes focus when the menu (a popover) opens, so a screen reader says that the
 * "Menu" dialog opened. The browser returns focus to "Open menu" when the popover closes (Escape, Close, light dismiss).
 */
export function MobileNavClose({ panelId, className, children }: { panelId: string; className: string; children: React.ReactNode }) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const panel = document.getElementById(panelId);
    if (!panel) return;
    const onToggle = (event: Event) => {
      if ((event as ToggleEvent).newState === "open") button.current?.focus();
    };
    panel.addEventListener("toggle", onToggle);
    // Opened before this script ran (the popover needs none): focus moves in now, unless it is already inside.
    if (panel.matches(":popover-open") && !panel.contains(document.activeElement)) button.current?.focus();
    return () => panel.removeEventListener("toggle", onToggle);
  }, [panelId]);
  return (
    <button ref={button} type="button" popoverTarget={panelId} popoverTargetAction="hide" className={className} aria-label="Close menu">
      {children}
    </button>
  );
}
