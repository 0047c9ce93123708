"use client";

import { useEffect } from "react";
import { ActionAnnouncement } from "@/components/forms/action-announcement";

/**
 * "Request sent." on the page the request form leads to (?sent=1), said once: as soon as it is on the page, ?sent=1
 * leaves the address (in place, without loading the page again, so the line stays where focus is), and a reload, a
 * copied link or the page's next refresh says nothing.
 */
export function SentAnnouncement({ message }: { message: string }) {
  useEffect(() => {
    const url = new URL(window.location.href);
    if (!url.searchParams.has("sent")) return;
    url.searchParams.delete("sent");
    // Next.js keeps its router in step with history.replaceState (its search params, the next refresh's address).
    window.history.replaceState(null, "", url);
  }, []);
  return <ActionAnnouncement message={message} />;
}
