"use client";

import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { Input } from "@/components/ui/input";

/** The pause after typing before the search applies: the lists' filter bar's (TEXT_APPLY_DELAY_MS in components/lists/filter-types.ts). */
const APPLY_DELAY_MS = 400;

/**
 * Settings → People's search box, which applies as the lists' filter bar's does (components/lists/filter-bar.tsx): as
 * you type, after a short pause, replacing the history entry, or at once on Enter; always from the first page, the
 * search in the URL. Before the page's JavaScript has loaded, Enter sends its form (a GET to the same page).
 * `q`: the search the page shows now.
 */
export function PeopleSearchInput({ q }: { q: string }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const typing = useRef<ReturnType<typeof setTimeout>>(undefined);
  const applied = useRef(q);

  // The URL changed from outside the box (Back, a link): show what it now says, and drop a search still waiting.
  useEffect(() => {
    if (q === applied.current) return;
    clearTimeout(typing.current);
    applied.current = q;
    if (input.current) input.current.value = q;
  }, [q]);
  useEffect(() => () => clearTimeout(typing.current), []);

  const apply = (text: string, push?: boolean) => {
    clearTimeout(typing.current);
    const next = text.trim();
    if (next === applied.current) return;
    applied.current = next;
    const href = next ? `/settings/people?q=${encodeURIComponent(next)}` : "/settings/people";
    router[push ? "push" : "replace"](href, { scroll: false });
  };

  return (
    <Input
      ref={input}
      id="people-q"
      name="q"
      type="search"
      defaultValue={q}
      placeholder="Name or email"
      className="w-56 pl-8"
      maxLength={100}
      onChange={(event) => {
        const text = event.target.value;
        clearTimeout(typing.current);
        typing.current = setTimeout(() => apply(text), APPLY_DELAY_MS);
      }}
      onKeyDown={(event) => {
        if (event.key !== "Enter") return;
        event.preventDefault();
        apply(event.currentTarget.value, true);
      }}
    />
  );
}
