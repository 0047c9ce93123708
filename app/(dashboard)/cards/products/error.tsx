"use client";

import { PageError } from "@/components/layout/page-error";

export default function ProductsError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The products could not be loaded." retry={retry} />;
}
