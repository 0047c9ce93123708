"use client";

import { PageError } from "@/components/layout/page-error";

export default function CardsError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="The cards could not be loaded." retry={retry} />;
}
