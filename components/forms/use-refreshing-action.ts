"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { ActionFailure, ActionResult } from "@/lib/actions/result";

/** A server action whose call failed before any answer (the network, or the server down). */
export const UNREACHABLE_MESSAGE = "The request could not reach Cardhub. Check your connection and try again.";

/**
 * Runs a server action (administration, card requests): the page re-renders from the server on success, and on a
 * conflict; a failure (message and fields) stays to be shown.
 */
export function useRefreshingAction() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<ActionFailure | null>(null);

  const run = <T,>(call: () => Promise<ActionResult<T>>, onSuccess?: (data: T) => void) =>
    startTransition(async () => {
      setFailure(null);
      let result: ActionResult<T>;
      try {
        result = await call();
      } catch {
        setFailure({ code: "internal", message: UNREACHABLE_MESSAGE });
        return;
      }
      if (!result.ok) {
        setFailure(result.error);
        // A conflict means the page shows something changed meanwhile: it is read again (the form keeps what was typed).
        if (result.error.code === "conflict") router.refresh();
        return;
      }
      onSuccess?.(result.data);
      router.refresh();
    });

  return { run, pending, failure, setFailure };
}
