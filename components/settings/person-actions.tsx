"use client";

import { useState } from "react";
import Link from "next/link";
import { KeyRound, ShieldOff, UserCheck, UserX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { resetPasswordAction } from "@/lib/actions/users/reset-password";
import { resetTwoFactorAction } from "@/lib/actions/users/reset-two-factor";
import { setPersonActiveAction } from "@/lib/actions/users/set-person-active";
import { ConfirmActionDialog } from "./confirm-action-dialog";
import { OneTimeLink } from "./one-time-link";

export function PersonActions({
  person,
  isSelf,
  adminUsesTotp,
}: {
  person: { id: string; name: string; active: boolean; hasTotp: boolean; invited: boolean };
  isSelf: boolean;
  /** The signed-in administrator confirms it's them with their authenticator code (else their password). */
  adminUsesTotp: boolean;
}) {
  // What hands out or opens a way into the account asks the administrator to confirm it's them first, when their last
  // sign-in or confirmation is more than a few minutes old (lib/actions/guard.ts, requireStepUp); deactivating does not.
  const stepUp = (purpose: string) => ({ usesTotp: adminUsesTotp, purpose });
  // The deactivation's result (the cards finance must reassign) stays on screen after the list refreshes with the
  // person now inactive: the dialog is kept mounted until the admin closes it.
  const [deactivationOpen, setDeactivationOpen] = useState(false);
  const deactivate = isSelf ? null : (
    <ConfirmActionDialog
      trigger={
        <Button variant="outline" size="sm">
          <UserX aria-hidden /> Deactivate
        </Button>
      }
      title={`Deactivate ${person.name}?`}
      resultTitle={`${person.name} is deactivated`}
      description="They are signed out on their next request and cannot sign in. Their cards stay as they are until finance reassigns or freezes them."
      confirmLabel="Deactivate"
      destructive
      onOpenChange={setDeactivationOpen}
      action={() => setPersonActiveAction({ userId: person.id, active: false })}
      renderResult={(data) =>
        data.openCards.length === 0 ? (
          <p className="text-sm">{person.name} is deactivated and holds no open cards.</p>
        ) : (
          <div className="grid gap-2 text-sm">
            <p>
              {person.name} is deactivated and still holds {data.openCards.length} open card
              {data.openCards.length === 1 ? "" : "s"}. Finance should reassign or freeze them:
            </p>
            <ul className="list-disc pl-5">
              {data.openCards.map((card) => (
                <li key={card.id}>
                  <Link className="underline" href={`/cards/${card.id}`}>
                    {card.alias}
                  </Link>{" "}
                  <span className="text-muted-foreground">({card.status})</span>
                </li>
              ))}
            </ul>
          </div>
        )
      }
    />
  );
  const reactivate = (
    <ConfirmActionDialog
      trigger={
        <Button variant="outline" size="sm">
          <UserCheck aria-hidden /> Reactivate
        </Button>
      }
      title={`Reactivate ${person.name}?`}
      description="They can sign in again with their password. Their roles and teams are as they were."
      confirmLabel="Reactivate"
      action={() => setPersonActiveAction({ userId: person.id, active: true })}
      stepUp={stepUp(`to reactivate ${person.name}`)}
    />
  );
  // One tree for every state, so the deactivation dialog keeps its place (and its result) when the person turns inactive.
  return (
    <>
      {person.active ? (
        <>
          <ConfirmActionDialog
            trigger={
              <Button variant="outline" size="sm">
                <KeyRound aria-hidden /> {person.invited ? "New invitation link" : "Reset password"}
              </Button>
            }
            title={
              person.invited ? `New invitation link for ${person.name}` : `Reset ${person.name}'s password?`
            }
            resultTitle={person.invited ? `New invitation link for ${person.name}` : `${person.name}'s password is reset`}
            description={
              person.invited
                ? "The earlier link stops working. The new one works once and expires in 7 days."
                : "Their current password stops working and they are signed out everywhere. You get a link (single use, 7 days) for them to choose a new one."
            }
            confirmLabel={person.invited ? "Create new link" : "Reset password"}
            destructive={!person.invited}
            action={() => resetPasswordAction({ userId: person.id })}
            stepUp={stepUp(person.invited ? `to create a new invitation link for ${person.name}` : `to reset ${person.name}'s password`)}
            renderResult={(data) => (
              <>
                <OneTimeLink id={`reset-link-${person.id}`} label="Link to set a password" url={data.url} />
                <p className="text-muted-foreground text-xs">
                  Send it to {person.name} yourself. It is not shown again.
                </p>
              </>
            )}
          />
          {person.hasTotp && !isSelf ? (
            <ConfirmActionDialog
              trigger={
                <Button variant="outline" size="sm">
                  <ShieldOff aria-hidden /> Reset two-factor
                </Button>
              }
              title={`Reset ${person.name}'s two-factor sign-in?`}
              description="For a lost phone: their authenticator and recovery codes are removed and they are signed out. If their role requires two-factor, they set it up again at their next sign-in."
              confirmLabel="Reset two-factor"
              destructive
              action={() => resetTwoFactorAction({ userId: person.id })}
              stepUp={stepUp(`to reset ${person.name}'s two-factor sign-in`)}
            />
          ) : null}
        </>
      ) : null}
      {person.active || deactivationOpen ? deactivate : null}
      {person.active || deactivationOpen ? null : reactivate}
    </>
  );
}
