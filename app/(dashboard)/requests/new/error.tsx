"use client";

import { PageError } from "@/components/layout/page-error";

export default function NewRequestError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The request form could not be loaded." retry={retry} />;
}
