import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TwoFactorSettings } from "@/components/account/two-factor-settings";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { getDb } from "@/db/client";
import { countUnusedRecoveryCodes } from "@/db/queries/two-factor";
import { getCurrentUser } from "@/lib/auth/current-user";
import { isTwoFactorRequired } from "@/lib/two-factor/requirement";

export const metadata: Metadata = { title: "Two-factor sign-in" };

export default async function TwoFactorPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  if (user.mustChangePassword) redirect("/account/password?required=1");
  const db = getDb();
  const [required, recoveryCodesLeft] = await Promise.all([isTwoFactorRequired(db, user), user.hasTotp ? countUnusedRecoveryCodes(db, user.id) : 0]);
  return (
    <>
      <PageHeader title="Two-factor sign-in" description="A code from an authenticator app on your phone, asked at sign-in and before card details are shown." />
      {required && !user.hasTotp ? (
        <Alert className="mb-6">
          <p className="font-medium">Your role requires two-factor sign-in.</p>
          <p>Set it up now to continue to Cardhub. It takes a minute: you need an authenticator app such as 1Password, Google Authenticator or Authy.</p>
        </Alert>
      ) : null}
      <TwoFactorSettings enabled={user.hasTotp} required={required} recoveryCodesLeft={recoveryCodesLeft} />
    </>
  );
}
