"use client";

import { createContext, useContext, useState } from "react";
import { ActionAnnouncement } from "@/components/forms/action-announcement";

const Announce = createContext<(message: string) => void>(() => undefined);

/**
 * Says what a dismissal did, in a focused status line above the list: the dismissed entry's row, and the button that
 * opened the dialog with it, leave the list when the page is read again, so focus comes here rather than to <body>.
 */
export function DismissalNotice({ children }: { children: React.ReactNode }) {
  const [message, setMessage] = useState<string | null>(null);
  return (
    <Announce.Provider value={setMessage}>
      <ActionAnnouncement message={message} label="Result of the last dismissal" />
      {children}
    </Announce.Provider>
  );
}

/** The notice's announcer, for a dismissal button below it. */
export const useAnnounceDismissal = () => useContext(Announce);
