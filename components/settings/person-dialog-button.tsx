"use client";

import type { ComponentProps } from "react";
import { Pencil, UserPlus } from "lucide-react";
import { DeferredDialog } from "@/components/layout/deferred-dialog";
import type { PersonDialog } from "./person-dialog";

const loadPersonDialog = () => import("./person-dialog").then((module) => module.PersonDialog);

/**
 * Settings → People's "Add person" and each person's "Edit": the dialog (its form, note and checks) loads when the button
 * is first used, not with the page (first-load JavaScript budget). The button looks and is named as the dialog's own
 * trigger, which takes its place once loaded.
 */
export function PersonDialogButton(props: Omit<ComponentProps<typeof PersonDialog>, "defaultOpen">) {
  const person = props.person;
  return person ? (
    <DeferredDialog load={loadPersonDialog} props={props} size="sm">
      <Pencil aria-hidden /> Edit<span className="sr-only"> {person.name}</span>
    </DeferredDialog>
  ) : (
    <DeferredDialog load={loadPersonDialog} props={props} variant="default">
      <UserPlus aria-hidden /> Add person
    </DeferredDialog>
  );
}
