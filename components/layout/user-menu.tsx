import Link from "next/link";
import { KeyRound, LogOut, Moon, ShieldCheck, Sun } from "lucide-react";
import { signOutAction } from "@/lib/actions/auth/sign-out";
import { ThemeToggleItem } from "./theme-toggle";

const ITEM =
  "hover:bg-accent focus-visible:bg-accent focus-visible:ring-ring/50 flex w-full items-center gap-2 rounded-sm px-2 py-1.5 text-left text-sm outline-none focus-visible:ring-[3px] [&_svg]:size-4";

/**
 * A server component: the browser's own popover (open/close, Escape, light dismiss, top layer) replaces a menu
 * library, so the account menu ships no JavaScript of its own; sign-out is a form posting the server action.
 */
export function UserMenu({ name, email, roles }: { name: string; email: string; roles: string[] }) {
  const initials = name
    .split(/\s+/)
    .map((part) => part[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <>
      <button
        type="button"
        popoverTarget="user-menu"
        className="hover:bg-accent focus-visible:ring-ring/50 inline-flex h-9 items-center gap-2 rounded-md px-2 text-sm font-medium outline-none focus-visible:ring-[3px]"
      >
        {/* Named by its content, not aria-label, so the name always contains the visible text (WCAG 2.5.3). */}
        <span className="bg-primary text-primary-foreground flex size-7 items-center justify-center rounded-full text-xs font-semibold" aria-hidden>
          {initials}
        </span>
        <span className="sr-only">Account menu: </span>
        <span className="sr-only sm:not-sr-only sm:text-sm">{name}</span>
      </button>
      <div
        id="user-menu"
        popover="auto"
        className="bg-popover text-popover-foreground fixed inset-auto top-14 right-4 m-0 w-60 rounded-md border p-1 shadow-md"
      >
        <div className="px-2 py-1.5 text-sm">
          <div className="font-medium">{name}</div>
          <div className="text-muted-foreground truncate text-xs">{email}</div>
          <div className="text-muted-foreground text-xs capitalize">{roles.join(", ")}</div>
        </div>
        <div role="separator" className="bg-border -mx-1 my-1 h-px" />
        <Link href="/account/two-factor" className={ITEM}>
          <ShieldCheck aria-hidden />
          Two-factor sign-in
        </Link>
        <Link href="/account/password" className={ITEM}>
          <KeyRound aria-hidden />
          Change password
        </Link>
        <ThemeToggleItem className={ITEM}>
          <Sun className="dark:hidden" aria-hidden />
          <Moon className="hidden dark:block" aria-hidden />
          <span className="dark:hidden">Dark theme</span>
          <span className="hidden dark:inline">Light theme</span>
        </ThemeToggleItem>
        <form action={signOutAction}>
          <button type="submit" className={ITEM}>
            <LogOut aria-hidden />
            Sign out
          </button>
        </form>
      </div>
    </>
  );
}
