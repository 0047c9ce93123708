"use client";

import { PageError } from "@/components/layout/page-error";

export default function FundingError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The funding balances could not be loaded." retry={retry} />;
}
