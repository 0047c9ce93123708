"use client";

import { useLayoutEffect } from "react";
import { applyStoredTheme } from "@/components/layout/theme-script";
import { PLAIN_BUTTON_CLASSES } from "@/components/ui/plain-button";
import "./globals.css";

/**
 * When the root layout itself fails, Next replaces the whole document with this one, so it brings its own <html>,
 * styles and theme. "Try again" asks the server again (retry, not reset, which would re-render the failed answer).
 */
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  // No inline theme script here: this document has no Content-Security-Policy nonce to give one.
  useLayoutEffect(applyStoredTheme, []);
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh">
        <title>Something went wrong · Cardhub</title>
        <main id="main" aria-labelledby="global-error-title" className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
          <p className="text-muted-foreground text-sm font-medium">Cardhub</p>
          <h1 id="global-error-title" className="text-2xl font-semibold">
            This page could not be loaded
          </h1>
          <p className="text-muted-foreground">Nothing was changed. This is usually a passing problem on our side; try again in a moment.</p>
          <div className="flex flex-wrap items-center justify-center gap-4">
            <button type="button" data-slot="button" className={PLAIN_BUTTON_CLASSES.default} onClick={retry}>
              Try again
            </button>
            {/* A full load on purpose: the app's own layout is what failed, so nothing of it is reused. */}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
            <a href="/" className="text-sm underline underline-offset-4">
              Back to overview
            </a>
          </div>
        </main>
      </body>
    </html>
  );
}
