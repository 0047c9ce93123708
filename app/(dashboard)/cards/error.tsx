"use client";

import { SectionError } from "@/components/layout/page-error";
import type { SectionPages } from "@/components/layout/page-error-text";

const TO_CARDS = { href: "/cards", label: "Back to cards" };

const CARDS: SectionPages = {
  pages: [
    [/^\/cards$/, { title: "The cards could not be loaded." }],
    [/^\/cards\/new$/, { title: "The form to issue a card could not be loaded." }],
    [/^\/cards\/products$/, { title: "The products could not be loaded." }],
    [/^\/cards\/[^/]+$/, { title: "This card could not be loaded.", back: TO_CARDS }],
  ],
  fallback: { title: "This page could not be loaded.", back: TO_CARDS },
};

/** Any card page's failure, its own layout's checks included (an error.tsx never catches its own folder's layout). */
export default function CardsError({ retry }: { error: unknown; retry: () => void }) {
  return <SectionError section={CARDS} retry={retry} />;
}
