"use client";

import { PageError } from "@/components/layout/page-error";

export default function ProviderAccountsError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The provider accounts could not be loaded." retry={retry} />;
}
