"use client";

import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { usePresent } from "@/components/presence/use-present";

/**
 * While the provider works on a request, the page re-reads it every few seconds (no reload needed) as long as the
 * person is using it; back at the page, it refreshes at once.
 */
export function AutoRefresh({ everyMs = 3000 }: { everyMs?: number }) {
  const router = useRouter();
  const present = usePresent();
  const wasAway = useRef(false);
  useEffect(() => {
    if (!present) {
      wasAway.current = true;
      return;
    }
    // Catch up at once on return; the page just loaded needs no second render.
    if (wasAway.current) {
      wasAway.current = false;
      router.refresh();
    }
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs, present]);
  return null;
}
