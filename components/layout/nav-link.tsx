"use client";

import { useContext } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { CloseMenuContext } from "./close-menu-context";

const BASE =
  "text-muted-foreground hover:bg-accent hover:text-foreground focus-visible:ring-ring/50 flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium outline-none focus-visible:ring-[3px]";

/** One main-menu link: marks the current section, and closes the phone menu when followed from it. */
export function NavLink({ href, describedBy, children }: { href: string; describedBy?: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const closeMenu = useContext(CloseMenuContext);
  const active = href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      onClick={closeMenu ?? undefined}
      aria-current={active ? "page" : undefined}
      aria-describedby={describedBy}
      className={active ? `${BASE} bg-accent text-foreground` : BASE}
    >
      {children}
    </Link>
  );
}
