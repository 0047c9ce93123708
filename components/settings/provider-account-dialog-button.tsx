"use client";

import type { ComponentProps } from "react";
import { Plus } from "lucide-react";
import { DeferredAddOrEdit } from "./deferred-add-or-edit";
import type { ProviderAccountDialog } from "./provider-account-dialog";

const loadProviderAccountDialog = () =>
  import("./provider-account-dialog").then((module) => module.ProviderAccountDialog);

/**
 * Settings → Provider accounts' "Add account" and each account's "Edit": the dialog (its form and credential fields)
 * loads when first used.
 */
export function ProviderAccountDialogButton(
  props: Omit<ComponentProps<typeof ProviderAccountDialog>, "defaultOpen">,
) {
  return (
    <DeferredAddOrEdit
      load={loadProviderAccountDialog}
      props={props}
      editing={props.account?.label}
      add={
        <>
          <Plus aria-hidden /> Add account
        </>
      }
    />
  );
}
