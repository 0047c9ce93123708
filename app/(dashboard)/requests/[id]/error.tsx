"use client";

import { RouteError } from "@/components/layout/route-error";

/** One request's page failed (the list's boundary, ../error.tsx, speaks of the requests in the plural). */
export default function RequestError({ retry }: { error: unknown; retry: () => void }) {
  return <RouteError title="This request could not be loaded." reset={retry} back={{ href: "/requests", label: "Back to requests" }} />;
}
