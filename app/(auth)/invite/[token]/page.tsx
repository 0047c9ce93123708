import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitationForm } from "@/components/account/accept-invitation-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { findPerson } from "@/db/queries/people";
import { setsFirstPassword } from "@/lib/users/first-password";
import { findInvitation, invitationStatus } from "@/lib/users/invitations";

export const metadata: Metadata = { title: "Choose your password", referrer: "no-referrer" };

const PROBLEMS = {
  unknown: "This link is not valid. Check that you copied all of it, or ask your administrator for a new one.",
  used: "This link was already used. Sign in with the password you chose, or ask your administrator for a new link.",
  revoked: "This link was replaced by a newer one. Use the latest link your administrator gave you.",
  expired: "This link has expired (links last seven days). Ask your administrator for a new one.",
} as const;

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = getDb();
  const invitation = await findInvitation(db, token);
  const status = invitationStatus(invitation);
  const person = invitation && status === "valid" ? await findPerson(db, invitation.userId) : null;
  const problem = status !== "valid" ? PROBLEMS[status] : !person?.active ? "This account is deactivated. Ask your administrator." : null;
  // A new link for someone who never set a password is issued as a reset, yet it is still their invitation.
  const welcome = !problem && invitation ? await setsFirstPassword(db, invitation) : false;

  return (
    <main className="bg-muted/40 flex min-h-dvh items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle>
            <h1 className="text-xl">{problem ? "This link cannot be used" : welcome ? "Welcome to Cardhub" : "Choose a new password"}</h1>
          </CardTitle>
          {person && !problem ? <CardDescription>{person.name}, choose the password you will sign in with as {person.email}.</CardDescription> : null}
        </CardHeader>
        <CardContent>
          {problem ? (
            <div className="grid gap-4">
              <Alert variant="destructive">{problem}</Alert>
              <Button asChild variant="outline">
                <Link href="/sign-in">Go to sign in</Link>
              </Button>
            </div>
          ) : (
            <AcceptInvitationForm token={token} email={person!.email} />
          )}
        </CardContent>
      </Card>
    </main>
  );
}
