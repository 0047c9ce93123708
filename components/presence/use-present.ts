"use client";

import { useEffect, useRef, useState } from "react";
import { AWAY_AFTER_MS, isPresent } from "./presence";

const INPUT_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"] as const;

/** Whether the person is using this page (see presence.ts): true on load and on any input, false after a quiet spell. */
export function usePresent(awayAfterMs = AWAY_AFTER_MS): boolean {
  const [present, setPresent] = useState(true);
  const lastInputAt = useRef(0);
  useEffect(() => {
    // Opening the page is using it.
    lastInputAt.current = Date.now();
    const mark = () => {
      lastInputAt.current = Date.now();
      setPresent(true);
    };
    for (const name of INPUT_EVENTS) window.addEventListener(name, mark, { passive: true });
    const timer = setInterval(() => setPresent(isPresent(lastInputAt.current, Date.now(), awayAfterMs)), 15_000);
    return () => {
      for (const name of INPUT_EVENTS) window.removeEventListener(name, mark);
      clearInterval(timer);
    };
  }, [awayAfterMs]);
  return present;
}
