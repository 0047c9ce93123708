import { ArrowLeftRight, CreditCard, Inbox, LayoutDashboard, ScrollText, Settings, Wallet } from "lucide-react";
import type { Section } from "@/lib/auth/sections";
import { NavLink } from "./nav-link";

const ITEMS: Record<Section, { href: string; label: string; icon: typeof CreditCard }> = {
  overview: { href: "/", label: "Overview", icon: LayoutDashboard },
  cards: { href: "/cards", label: "Cards", icon: CreditCard },
  requests: { href: "/requests", label: "Requests", icon: Inbox },
  transactions: { href: "/transactions", label: "Transactions", icon: ArrowLeftRight },
  funding: { href: "/funding", label: "Funding", icon: Wallet },
  audit: { href: "/audit", label: "Audit", icon: ScrollText },
  settings: { href: "/settings", label: "Settings", icon: Settings },
};

/**
 * A server component: the icons render here, so the browser's JavaScript for the menu is only NavLink's active state.
 * `idSuffix`: keeps the ids of a second copy (the phone menu's) apart from the sidebar's. `waiting`: requests
 * waiting for this person's approval, shown beside Requests (outside the link's own name).
 */
export function NavLinks({ sections, idSuffix, waiting = 0 }: { sections: Section[]; idSuffix?: string; waiting?: number }) {
  const waitingId = `nav-requests-waiting${idSuffix ? `-${idSuffix}` : ""}`;
  return (
    <ul className="grid gap-1">
      {sections.map((section) => {
        const item = ITEMS[section];
        const Icon = item.icon;
        return (
          <li key={section} className="relative">
            <NavLink href={item.href} describedBy={section === "requests" && waiting > 0 ? waitingId : undefined}>
              <Icon className="size-4" aria-hidden />
              {item.label}
            </NavLink>
            {section === "requests" && waiting > 0 ? (
              <span
                id={waitingId}
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
