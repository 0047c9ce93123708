"use client";

import { usePathname } from "next/navigation";
import { pageErrorFor, type SectionPages } from "./page-error-text";
import { RouteError } from "./route-error";

/**
 * A dashboard section's error state (its one error.tsx), worded for the page that failed, its own layout's checks
 * included (each section's error.tsx names its pages, so its chunk holds only its own words): what could not be loaded, that nothing was changed, and Try again, which asks the server again (retry;
 * reset would only re-render the failed answer it already has). One boundary per section, not per page: each
 * error.tsx is a chunk of its own in the first load of every route below it.
 */
export function SectionError({ section, retry }: { section: SectionPages; retry: () => void }) {
  const { title, back } = pageErrorFor(section, usePathname());
  return (
    <RouteError
      title={title}
      detail="Nothing was changed. This is usually a passing database problem; try again in a moment."
      variant="default"
      reset={retry}
      back={back}
    />
  );
}
