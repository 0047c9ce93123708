"use client";

import { createContext, useContext, useState, type ReactNode } from "react";
import { ActionAnnouncement } from "@/components/forms/action-announcement";

type Announce = (message: string) => void;
type Announcer = { message: string | null; announce: Announce };

const Context = createContext<Announcer>({ message: null, announce: () => undefined });

/**
 * Holds what the viewer last decided from the requests list. It wraps the whole page, the list's empty state included:
 * a decided row leaves "Waiting for you" when the list is read again, and the last one leaves the list empty, yet what
 * was done must still be said, where focus can land instead of <body>.
 */
export function DecisionAnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<string | null>(null);
  return <Context.Provider value={{ message, announce: setMessage }}>{children}</Context.Provider>;
}

/** The polite live region that says it (and takes focus, as on the request page). */
export function DecisionAnnouncement() {
  return <ActionAnnouncement message={useContext(Context).message} />;
}

export function useDecisionAnnouncer(): Announce {
  return useContext(Context).announce;
}
