"use client";

import { PageError } from "@/components/layout/page-error";

export default function StatementError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The statement could not be loaded." retry={retry} />;
}
