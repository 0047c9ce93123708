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
 * `closesPopover`: the id of the popover (the phone menu) to close when a link is followed.
 */
export function NavLinks({ sections, closesPopover }: { sections: Section[]; closesPopover?: string }) {
  return (
    <ul className="grid gap-1">
      {sections.map((section) => {
        const item = ITEMS[section];
        const Icon = item.icon;
        return (
          <li key={section}>
            <NavLink href={item.href} closesPopover={closesPopover}>
              <Icon className="size-4" aria-hidden />
              {item.label}
            </NavLink>
          </li>
        );
      })}
    </ul>
  );
}
