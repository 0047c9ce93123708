"use client";

import type { ComponentProps } from "react";
import { Pencil, Plus } from "lucide-react";
import { DeferredDialog } from "@/components/layout/deferred-dialog";
import type { ProviderAccountDialog } from "./provider-account-dialog";

const loadProviderAccountDialog = () => import("./provider-account-dialog").then((module) => module.ProviderAccountDialog);

/**
 * Settings → Provider accounts' "Add account" and each account's "Edit": the dialog (its form and credential fields)
 * loads when the button is first used, not with the page (first-load JavaScript budget). The button looks and is named
 * as the dialog's own trigger, which takes its place once loaded.
 */
export function ProviderAccountDialogButton(props: Omit<ComponentProps<typeof ProviderAccountDialog>, "defaultOpen">) {
  const account = props.account;
  return account ? (
    <DeferredDialog load={loadProviderAccountDialog} props={props} size="sm">
      <Pencil aria-hidden /> Edit<span className="sr-only"> {account.label}</span>
    </DeferredDialog>
  ) : (
    <DeferredDialog load={loadProviderAccountDialog} props={props} variant="default">
      <Plus aria-hidden /> Add account
    </DeferredDialog>
  );
}
