import Link from "next/link";
import { UserMenu } from "@/components/layout/user-menu";
import { getCurrentUser } from "@/lib/auth/current-user";
import { redirect } from "next/navigation";

/** Account pages sit outside the dashboard: they must stay reachable while an account step (password, two-factor) is pending. */
export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex h-14 items-center justify-between gap-2 border-b px-4">
        <Link href="/" className="font-semibold">
          Cardhub
        </Link>
        <UserMenu name={user.name} email={user.email} roles={user.roles} />
      </header>
      <main id="main" className="mx-auto w-full max-w-2xl flex-1 p-4 md:p-8" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
