"use client";

import { useContext } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { CloseMenuContext } from "./close-menu-context";

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
      // The current section's look comes with aria-current (.nav-link, app/globals.css).
      className="nav-link"
    >
      {children}
    </Link>
  );
}
