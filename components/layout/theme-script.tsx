"use client";

import { useLayoutEffect } from "react";

/** The stored choice, else the system's: sets the `dark` class on <html>. The choice itself is not sensitive. */
export function applyStoredTheme() {
  try {
    const stored = localStorage.getItem("theme");
    const dark = stored === "dark" || (stored !== "light" && matchMedia("(prefers-color-scheme: dark)").matches);
    document.documentElement.classList.toggle("dark", dark);
  } catch {
    // Storage blocked: the light theme stays.
  }
}

const THEME_SCRIPT = `(${applyStoredTheme.toString()})()`;

/**
 * Applies the theme before paint. The server's HTML carries it as an inline script, so the first paint is right.
 * In the browser this renders no <script>: one rendered there never runs, and React 19 reports it ("Encountered a
 * script tag while rendering React component"), which happened whenever the root layout mounted on the client, as
 * it does for the 403 and 404 pages. Such a mount also resets <html>'s attributes, so the class is applied again
 * from a layout effect, still before paint. Hydration skips the server's tag (React 19 tolerates extra tags in <head>).
 */
export function ThemeScript({ nonce }: { nonce?: string }) {
  useLayoutEffect(applyStoredTheme, []);
  if (typeof window !== "undefined") return null;
  // The per-request nonce (proxy.ts): without it the Content-Security-Policy blocks this inline script.
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />;
}
