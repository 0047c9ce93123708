"use client";

import { useEffect } from "react";
import { useRouter } from "next/navigation";

/** While the provider works on a request, the page re-reads it every few seconds: no reload needed. */
export function AutoRefresh({ everyMs = 3000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}
