"use client";

import Link from "next/link";
import { PLAIN_BUTTON_CLASSES } from "@/components/ui/plain-button";

/** What a route's error boundary shows: what could not be loaded, that nothing changed, and a way to try again. */
export function RouteError({
  title,
  detail = "Nothing was changed. Try again in a moment.",
  reset,
  variant = "outline",
  back,
}: {
  title: string;
  detail?: string;
  reset: () => void;
  variant?: keyof typeof PLAIN_BUTTON_CLASSES;
  back?: { href: string; label: string };
}) {
  return (
    <div role="alert" className="grid justify-items-start gap-3 rounded-lg border p-6">
      <p className="font-medium">{title}</p>
      <p className="text-muted-foreground text-sm">{detail}</p>
      <div className="flex flex-wrap items-center gap-4">
        <button type="button" data-slot="button" className={PLAIN_BUTTON_CLASSES[variant]} onClick={reset}>
          Try again
        </button>
        {back ? (
          <Link href={back.href} className="text-sm underline underline-offset-4">
            {back.label}
          </Link>
        ) : null}
      </div>
    </div>
  );
}
