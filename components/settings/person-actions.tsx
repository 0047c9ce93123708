"use client";

import { useEffect, useRef, useState } from "react";
import { KeyRound, ShieldOff, UserCheck, UserX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmActionDialog } from "./confirm-action-dialog";
import { DeactivationResult, loadPeopleCalls, OneTimeLink } from "./people-lazy";

export function PersonActions({
  person,
  isSelf,
  adminUsesTotp,
  managerNote,
}: {
  person: { id: string; name: string; active: boolean; hasTotp: boolean; invited: boolean };
  isSelf: boolean;
  /** The signed-in administrator confirms it's them with their authenticator code (else their password). */
  adminUsesTotp: boolean;
  /** The teams they are the only manager of, told before deactivating them (soleManagerNote). */
  managerNote?: string | null;
}) {
  // The actions (and the link a reset answers with) load when one is confirmed, before it is sent (people-lazy.tsx):
  // not with the page. One that does not load is told as a request that could not reach Cardhub; nothing was sent.
  // What hands out or opens a way into the account asks the administrator to confirm it's them first, when their last
  // sign-in or confirmation is more than a few minutes old (lib/actions/guard.ts, requireStepUp); deactivating does not.
  const stepUp = (purpose: string) => ({ usesTotp: adminUsesTotp, purpose });
  // The deactivation's result (the cards finance must reassign) stays on screen after the list refreshes with the
  // person now inactive: the dialog is kept mounted until the admin closes it.
  const [deactivationOpen, setDeactivationOpen] = useState(false);
  const anchor = useRef<HTMLSpanElement>(null);
  const [said, setSaid] = useState("");
  const was = useRef({ active: person.active, hasTotp: person.hasTotp, deactivationOpen });
  // An action that succeeded takes its own button away (Reset two-factor once reset, Reactivate once active, the
  // deactivation's dialog once done): focus would fall to the page's <body>, and a keyboard user start again at the top.
  // It goes to the row's first button instead, and what changed is said in the row's status.
  useEffect(() => {
    const before = was.current;
    was.current = { active: person.active, hasTotp: person.hasTotp, deactivationOpen };
    if (before.active !== person.active) setSaid(`${person.name} is ${person.active ? "reactivated" : "deactivated"}.`);
    else if (before.hasTotp && !person.hasTotp) setSaid(`${person.name}'s two-factor sign-in is reset.`);
    else if (!(before.deactivationOpen && !deactivationOpen)) return;
    const focused = document.activeElement;
    if (focused === null || focused === document.body) anchor.current?.closest("li")?.querySelector<HTMLElement>("button:not([disabled])")?.focus();
  }, [person.active, person.hasTotp, person.name, deactivationOpen]);
  const deactivate = isSelf ? null : (
    <ConfirmActionDialog
      trigger={
        <Button variant="outline" size="sm">
          {/* Each row's buttons named for their person: a screen reader's list of buttons otherwise holds eight alike. */}
          <UserX aria-hidden /> Deactivate<span className="sr-only"> {person.name}</span>
        </Button>
      }
      title={`Deactivate ${person.name}?`}
      resultTitle={`${person.name} is deactivated`}
      description={`They are signed out on their next request and cannot sign in. Requests by or for them that are not yet carried out are withdrawn. Their cards stay as they are until finance reassigns or freezes them.${managerNote ? ` ${managerNote}` : ""}`}
      confirmLabel="Deactivate"
      destructive
      onOpenChange={setDeactivationOpen}
      action={async () => (await loadPeopleCalls()).setPersonActiveAction({ userId: person.id, active: false })}
      renderResult={(data) => <DeactivationResult name={person.name} openCards={data.openCards} withdrawnRequests={data.withdrawnRequests} notice={data.notice} />}
    />
  );
  const reactivate = (
    <ConfirmActionDialog
      trigger={
        <Button variant="outline" size="sm">
          <UserCheck aria-hidden /> Reactivate<span className="sr-only"> {person.name}</span>
        </Button>
      }
      title={`Reactivate ${person.name}?`}
      description="They can sign in again with their password. Their roles and teams are as they were."
      confirmLabel="Reactivate"
      action={async () => (await loadPeopleCalls()).setPersonActiveAction({ userId: person.id, active: true })}
      stepUp={stepUp(`to reactivate ${person.name}`)}
    />
  );
  // One tree for every state, so the deactivation dialog keeps its place (and its result) when the person turns inactive.
  return (
    <>
      <span ref={anchor} role="status" className="sr-only">
        {said}
      </span>
      {person.active ? (
        <>
          <ConfirmActionDialog
            trigger={
              <Button variant="outline" size="sm">
                <KeyRound aria-hidden /> {person.invited ? "New invitation link" : "Reset password"}
                <span className="sr-only"> for {person.name}</span>
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
            action={async () => (await loadPeopleCalls()).resetPasswordAction({ userId: person.id })}
            stepUp={stepUp(person.invited ? `to create a new invitation link for ${person.name}` : `to reset ${person.name}'s password`)}
            renderResult={(data) => (
              <>
                <OneTimeLink id={`reset-link-${person.id}`} label="Link to set a password" url={data.url} expiresAt={data.expiresAt} />
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
                  <ShieldOff aria-hidden /> Reset two-factor<span className="sr-only"> for {person.name}</span>
                </Button>
              }
              title={`Reset ${person.name}'s two-factor sign-in?`}
              description="For a lost phone: their authenticator and recovery codes are removed and they are signed out. If their role requires two-factor, they set it up again at their next sign-in."
              confirmLabel="Reset two-factor"
              destructive
              action={async () => (await loadPeopleCalls()).resetTwoFactorAction({ userId: person.id })}
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
