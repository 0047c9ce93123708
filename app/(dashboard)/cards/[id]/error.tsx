"use client";

import { PageError } from "@/components/layout/page-error";

/** One card's page failed after its layout found the card (a failure finding it is ../error.tsx's). */
export default function CardError({ retry }: { error: unknown; retry: () => void }) {
  return <PageError title="This card could not be loaded." retry={retry} back={{ href: "/cards", label: "Back to cards" }} />;
}
