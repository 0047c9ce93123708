"use client";

import { useEffect, useRef } from "react";

/**
 * A focused status line for what the person just did. It lives outside the control that did it, because the page's
 * refresh can remove that control (a decided request no longer shows "Your decision"): focus would otherwise drop to
 * <body>, and a screen-reader user would hear nothing of the outcome. `label` names it apart from another such line on
 * the same page (the card page's own result of the last action).
 */
export function ActionAnnouncement({ message, label = "Result of the last action", children }: { message: string | null; label?: string; children?: React.ReactNode }) {
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) region.current?.focus();
  }, [message]);
  return (
    <div
      ref={region}
      tabIndex={-1}
      role="status"
      aria-live="polite"
      aria-label={label}
      className={message ? "rounded-lg border px-4 py-3 text-sm outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50" : "sr-only"}
    >
      {message}
      {message ? children : null}
    </div>
  );
}
