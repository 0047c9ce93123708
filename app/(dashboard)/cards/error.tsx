"use client";

import { useParams } from "next/navigation";
import { PageError } from "@/components/layout/page-error";

/**
 * A cards page's own layout failed, which that page's error.tsx cannot catch: above all a card page's, which reads the
 * card (so that a missing or hidden one answers a real 404 or 403); otherwise the permission check of issuing a card
 * or of the products.
 */
export default function CardsPageError({ retry }: { error: unknown; retry: () => void }) {
  const card = useParams<{ id?: string }>()?.id;
  return <PageError title={card ? "This card could not be loaded." : "This page could not be loaded."} retry={retry} back={{ href: "/cards", label: "Back to cards" }} />;
}
