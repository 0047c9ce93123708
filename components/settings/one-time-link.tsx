"use client";

import { useEffect } from "react";
import { formatUtcDateTime } from "@/lib/format";
import { CopyField } from "./copy-field";

/**
 * A link shown once, in place of the button that asked for it (an invitation, a new password link): it takes focus,
 * selected and ready to copy, so a keyboard or screen-reader user is told it is there instead of focus falling to
 * <body>. (A wrapper, not a CopyField option: CopyField is on Settings → Provider accounts, at its first-load budget.)
 */
export function OneTimeLink({ id, label, url, expiresAt }: { id: string; label: string; url: string; expiresAt: string }) {
  useEffect(() => document.getElementById(id)?.focus(), [id]);
  return (
    <>
      <CopyField id={id} label={label} value={url} />
      {/* Written as every other time in Cardhub is: a link's expiry read in another format is a date misread. */}
      <p className="text-muted-foreground text-xs">Works once. Expires {formatUtcDateTime(new Date(expiresAt))}.</p>
    </>
  );
}
