import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { getCurrentUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return (
    <>
      <PageHeader title="Change password" description="At least 12 characters. A passphrase of a few words is both strong and easy to type." />
      {user.mustChangePassword ? (
        <Alert className="mb-6">Your administrator set your first password. Choose your own to continue to Cardhub.</Alert>
      ) : null}
      <ChangePasswordForm />
    </>
  );
}
