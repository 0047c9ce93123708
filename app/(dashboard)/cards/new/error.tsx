"use client";

import { PageError } from "@/components/layout/page-error";

export default function IssueCardError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The form to issue a card could not be loaded." retry={retry} />;
}
