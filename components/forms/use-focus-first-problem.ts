"use client";

import { useEffect } from "react";

/** A field a failed submit can send focus to: the problem's key (as in `fields`) and the control's id, in the form's order. */
export type ProblemTarget = readonly [key: string, id: string];

/** Where focus goes for these problems: the first field with one, else the message that is no field's, else nowhere. */
export function firstProblemId(targets: readonly ProblemTarget[], problems: Readonly<Record<string, string | undefined>>, alert?: { id: string; shown: boolean }): string | null {
  const field = targets.find(([key]) => problems[key]);
  if (field) return field[1];
  return alert?.shown ? alert.id : null;
}

/**
 * After a failed submit, focus goes to the problem, as the browser's own checks do: to the first field with one, whose
 * error is then read as its description, or else to the alert (`alert.id`, focusable with tabIndex -1) with the message
 * that is no field's. Otherwise focus stays where it was (the submit button, which is therefore never `disabled`) or
 * falls to <body>, and a screen-reader user hears nothing of what went wrong. `failure` and `errors` are what each
 * outcome sets anew (the server's failure, the problems found before sending): the same problem twice moves focus
 * again, while typing after it does not.
 */
export function useFocusFirstProblem(
  target: { targets: readonly ProblemTarget[]; problems: Readonly<Record<string, string | undefined>>; alert?: { id: string; shown: boolean } },
  failure: unknown,
  errors?: unknown,
): void {
  const focusId = firstProblemId(target.targets, target.problems, target.alert);
  useEffect(() => {
    if (focusId) document.getElementById(focusId)?.focus();
  }, [focusId, failure, errors]);
}
