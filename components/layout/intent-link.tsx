"use client";

import { useState } from "react";
import Link from "next/link";

/**
 * A link that is one of many on a page (a list's rows, the names in audit sentences): Next prefetches it once a
 * person points at it, touches it or tabs to it, not when it scrolls into view (the hover-triggered prefetch of
 * Next's prefetching guide). Next's Link prefetches every link in the viewport, and each prefetch of a dashboard page
 * runs the signed-in layout on the server: one view of the transactions list sent about 30 of them (a card page's
 * about 24 ms each), thirty times the page's own cost.
 */
export function IntentLink({ onMouseEnter, onTouchStart, onFocus, ...props }: Omit<React.ComponentProps<typeof Link>, "prefetch">) {
  const [wanted, setWanted] = useState(false);
  return (
    <Link
      {...props}
      prefetch={wanted ? null : false}
      onMouseEnter={(event) => {
        setWanted(true);
        onMouseEnter?.(event);
      }}
      onTouchStart={(event) => {
        setWanted(true);
        onTouchStart?.(event);
      }}
      onFocus={(event) => {
        setWanted(true);
        onFocus?.(event);
      }}
    />
  );
}
