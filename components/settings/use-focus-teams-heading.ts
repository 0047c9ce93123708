"use client";

import { useEffect } from "react";

/**
 * For a button whose team leaves the list it is in (deleted, archived, restored) with the dialog that had focus: focus
 * goes to the teams heading rather than the page's <body>, where a keyboard user would start again at the top.
 */
export function useFocusTeamsHeadingWhenGone(): void {
  useEffect(
    () => () => {
      if (document.activeElement === null || document.activeElement === document.body) document.getElementById("teams-heading")?.focus();
    },
    [],
  );
}
