"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { ArrowLeftRight, CreditCard, Inbox, LayoutDashboard, ScrollText, Settings, Wallet } from "lucide-react";
import type { Section } from "@/lib/auth/sections";
import { cn } from "@/lib/utils";

const ITEMS: Record<Section, { href: string; label: string; icon: typeof CreditCard }> = {
  overview: { href: "/", label: "Overview", icon: LayoutDashboard },
  cards: { href: "/cards", label: "Cards", icon: CreditCard },
  requests: { href: "/requests", label: "Requests", icon: Inbox },
  transactions: { href: "/transactions", label: "Transactions", icon: ArrowLeftRight },
  funding: { href: "/funding", label: "Funding", icon: Wallet },
  audit: { href: "/audit", label: "Audit", icon: ScrollText },
  settings: { href: "/settings", label: "Settings", icon: Settings },
};

/** `waiting`: requests waiting for this person's approval, shown beside Requests (outside the link's own name). */
export function NavLinks({ sections, onNavigate, waiting = 0 }: { sections: Section[]; onNavigate?: () => void; waiting?: number }) {
  const pathname = usePathname();
  return (
    <ul className="grid gap-1">
      {sections.map((section) => {
        const item = ITEMS[section];
        const active = item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(`${item.href}/`);
        const Icon = item.icon;
        return (
          <li key={section} className="relative">
            <Link
              href={item.href}
              onClick={onNavigate}
              aria-current={active ? "page" : undefined}
              aria-describedby={section === "requests" && waiting > 0 ? "nav-requests-waiting" : undefined}
              className={cn(
                "text-muted-foreground hover:bg-accent hover:text-foreground focus-visible:ring-ring/50 flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium outline-none focus-visible:ring-[3px]",
                active && "bg-accent text-foreground",
              )}
            >
              <Icon className="size-4" aria-hidden />
              {item.label}
            </Link>
            {section === "requests" && waiting > 0 ? (
              <span
                id="nav-requests-waiting"
                title="Waiting for you"
                className="bg-primary text-primary-foreground pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded-full px-1.5 text-xs font-semibold tabular-nums"
              >
                {waiting}
                <span className="sr-only"> waiting for you</span>
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
