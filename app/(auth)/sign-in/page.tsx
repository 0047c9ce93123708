import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { getCurrentUser } from "@/lib/auth/current-user";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  if (await getCurrentUser()) redirect("/");
  const { callbackUrl } = await searchParams;
  return (
    <main className="bg-muted/40 flex min-h-dvh items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle>
            <h1 className="text-xl">Sign in to Cardhub</h1>
          </CardTitle>
          <CardDescription>Corporate virtual cards, all providers in one place.</CardDescription>
        </CardHeader>
        <CardContent>
          <SignInForm callbackUrl={safeRedirectPath(callbackUrl)} />
        </CardContent>
        <CardFooter className="border-t pt-4">
          <p className="text-muted-foreground text-sm">
            Forgot your password or lost your authenticator? Ask an administrator of your organisation: they can give you a
            new sign-in link or reset your two-factor sign-in.
          </p>
        </CardFooter>
      </Card>
    </main>
  );
}
