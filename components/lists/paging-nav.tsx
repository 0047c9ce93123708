"use client";

import { useEffect, useRef, type ReactNode } from "react";

/**
 * The nav (by its name) whose Next or Previous link was followed, and the address it leads to, until that page's list
 * has taken focus. Module state, not React state: the new page of a list is a new page segment, which mounts this nav
 * afresh.
 */
let followed: { label: string; href: string } | null = null;

/** A list a person can land on: a table (its caption says how many rows are shown) or a named list. */
const LIST = "table, ul[aria-label], ol[aria-label]";

/** The list this nav pages: the nearest one before it among its siblings, else the page's heading. */
function pagedList(nav: HTMLElement): HTMLElement | null {
  for (let sibling = nav.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
    const list = sibling.matches(LIST) ? sibling : sibling.querySelector(LIST);
    if (list instanceof HTMLElement) return list;
  }
  return document.querySelector<HTMLElement>("main h1");
}

const samePage = (href: string) => {
  const url = new URL(href, window.location.href);
  return url.pathname === window.location.pathname && url.search === window.location.search;
};

/**
 * A list's pagination landmark. After Next or Previous, focus moves to the top of the new page of the list, where the
 * keyboard goes on from and a screen reader hears what it now shows ("Cards, 2 shown"), instead of falling to
 * <body> with the page that held the link.
 */
export function PagingNav({ label, children }: { label: string; children: ReactNode }) {
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!followed || followed.label !== label || !nav.current || !samePage(followed.href)) return;
    followed = null;
    const list = pagedList(nav.current);
    if (!list) return;
    if (!list.hasAttribute("tabindex")) list.tabIndex = -1;
    list.focus();
  });
  return (
    <nav
      ref={nav}
      aria-label={label}
      className="flex items-center justify-between gap-2"
      onClick={(event) => {
        const link = (event.target as Element).closest("a");
        if (link) followed = { label, href: link.href };
      }}
    >
      {children}
    </nav>
  );
}
