"use client";

import { useEffect, useRef } from "react";

/**
 * A block that takes keyboard focus when it first appears, if `focus`: what the person arrived to read (the issue form
 * hands over to the card page, whose own controls may all be gone), so focus does not rest on <body>.
 */
export function FocusOnArrival({ focus, className, labelledBy, children }: { focus: boolean; className?: string; labelledBy: string; children: React.ReactNode }) {
  const block = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focus) block.current?.focus();
  }, [focus]);
  return (
    <section ref={block} tabIndex={-1} aria-labelledby={labelledBy} className={className}>
      {children}
    </section>
  );
}
