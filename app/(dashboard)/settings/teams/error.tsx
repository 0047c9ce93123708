"use client";

import { PageError } from "@/components/layout/page-error";

export default function TeamsError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The teams could not be loaded." retry={retry} />;
}
