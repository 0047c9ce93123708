import Link from "next/link";
import { MobileNav } from "@/components/layout/mobile-nav";
import { HeaderNotifications, waitingCountFor } from "@/components/notifications/header-notifications";
import { NavLinks } from "@/components/layout/nav-links";
import { UserMenu } from "@/components/layout/user-menu";
import { requireUser } from "@/lib/auth/current-user";
import { canOpenSection, SECTIONS } from "@/lib/auth/sections";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const sections = SECTIONS.filter((section) => canOpenSection(user, section));
  const waiting = await waitingCountFor(user);
  return (
    <div className="flex min-h-dvh">
      <a
        href="#main"
        className="bg-primary text-primary-foreground sr-only z-50 rounded-md px-3 py-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <aside className="bg-sidebar hidden w-60 shrink-0 flex-col gap-6 border-r p-4 md:flex">
        <Link href="/" className="px-3 text-lg font-semibold tracking-tight">
          Cardhub
        </Link>
        <nav aria-label="Main">
          <NavLinks sections={sections} waiting={waiting} />
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-between gap-2 border-b px-4">
          <div className="flex items-center gap-2">
            <MobileNav sections={sections} waiting={waiting} />
            <span className="font-semibold md:hidden">Cardhub</span>
          </div>
          <div className="flex items-center gap-1">
            <HeaderNotifications user={user} waiting={waiting} />
            <UserMenu name={user.name} email={user.email} roles={user.roles} />
          </div>
        </header>
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 p-4 md:p-8" tabIndex={-1}>
          {/* No TanStack Query provider here: it would be in every page's first load. What polls brings its own. */}
          {children}
        </main>
      </div>
    </div>
  );
}
