"use client";

import type { ComponentProps } from "react";
import { UserPlus } from "lucide-react";
import { DeferredAddOrEdit } from "./deferred-add-or-edit";
import type { PersonDialog } from "./person-dialog";

const loadPersonDialog = () => import("./person-dialog").then((module) => module.PersonDialog);

/**
 * Settings → People's "Add person" and each person's "Edit": the dialog (its form, note and checks) loads when first
 * used.
 */
export function PersonDialogButton(props: Omit<ComponentProps<typeof PersonDialog>, "defaultOpen">) {
  return (
    <DeferredAddOrEdit
      load={loadPersonDialog}
      props={props}
      editing={props.person?.name}
      add={
        <>
          <UserPlus aria-hidden /> Add person
        </>
      }
    />
  );
}
