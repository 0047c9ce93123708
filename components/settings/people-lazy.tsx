"use client";

import type { ComponentProps } from "react";

type Calls = typeof import("./people-calls");
let loaded: Calls | null = null;

/**
 * Settings → People's actions and what they answer with (people-calls.ts), loaded when one is sent, not with the page:
 * first-load JavaScript budget. One that does not load is told as a request that could not reach Cardhub (nothing was
 * sent), by the form or dialog that asked.
 */
export const loadPeopleCalls = () => import("./people-calls").then((calls) => (loaded = calls));

/** The link an invitation or a password reset answers with: the action loaded it before it was sent, so it shows at once. */
export function OneTimeLink(props: ComponentProps<Calls["OneTimeLink"]>) {
  return loaded ? <loaded.OneTimeLink {...props} /> : null;
}

/** What a deactivation answers with, loaded as OneTimeLink is. */
export function DeactivationResult(props: ComponentProps<Calls["DeactivationResult"]>) {
  return loaded ? <loaded.DeactivationResult {...props} /> : null;
}
