"use client";

import type { ComponentType, ReactNode } from "react";
import { Pencil } from "lucide-react";
import { DeferredDialog, type Opens } from "@/components/layout/deferred-dialog";

/**
 * A settings page's "Add …" button, or a row's "Edit" (named for the row: "Edit Omar Operations"), whose dialog loads
 * when the button is first used, not with the page (first-load JavaScript budget). It looks and is named as the
 * dialog's own trigger, which takes its place once loaded.
 */
export function DeferredAddOrEdit<Props extends object>({
  load,
  props,
  editing,
  add,
}: {
  load: () => Promise<ComponentType<Props & Opens>>;
  props: Props;
  /** The name of what the row's dialog edits; absent for the page's Add button. */
  editing?: string;
  /** The Add button's icon and label. */
  add: ReactNode;
}) {
  return editing === undefined ? (
    <DeferredDialog load={load} props={props} variant="default">
      {add}
    </DeferredDialog>
  ) : (
    <DeferredDialog load={load} props={props} size="sm">
      <Pencil aria-hidden /> Edit<span className="sr-only"> {editing}</span>
    </DeferredDialog>
  );
}
