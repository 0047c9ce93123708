"use client";

import { createContext, useContext, useState, type ReactNode } from "react";
import Link from "next/link";
import { ActionAnnouncement } from "@/components/forms/action-announcement";

/** What was decided, and the decided request's page: the row leaves the list, so the message links where it goes on. */
type Said = { message: string; href?: string };
type Announce = (message: string, href?: string) => void;
type Announcer = { said: Said | null; announce: Announce };

const Context = createContext<Announcer>({ said: null, announce: () => undefined });

/**
 * Holds what the viewer last decided from the requests list. It wraps the whole page, the list's empty state included:
 * a decided row leaves "Waiting for you" when the list is read again, and the last one leaves the list empty, yet what
 * was done must still be said, where focus can land instead of <body>.
 */
export function DecisionAnnouncerProvider({ children }: { children: ReactNode }) {
  const [said, setSaid] = useState<Said | null>(null);
  return <Context.Provider value={{ said, announce: (message, href) => setSaid({ message, href }) }}>{children}</Context.Provider>;
}

/** The polite live region that says it (and takes focus, as on the request page). */
export function DecisionAnnouncement() {
  const { said } = useContext(Context);
  return (
    <ActionAnnouncement message={said?.message ?? null}>
      {said?.href ? (
        <>
          {" "}
          <Link href={said.href} className="text-primary underline-offset-4 hover:underline">
            Open the request
          </Link>
        </>
      ) : null}
    </ActionAnnouncement>
  );
}

export function useDecisionAnnouncer(): Announce {
  return useContext(Context).announce;
}
