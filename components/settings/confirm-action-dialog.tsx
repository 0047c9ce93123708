"use client";

import { useState, type ComponentType } from "react";
import { Slot } from "@/components/ui/slot";
import type { ConfirmActionDialogProps } from "./confirm-action-modal";

// The dialog (the modal it is built on, its parts and its failure alert) loads when its trigger is first used, the
// download starting on hover or focus: not in the first load of the settings pages that show these buttons.
const loadModal = () => import("./confirm-action-modal").then((module) => module.ConfirmActionModal);
const prefetch = () => void loadModal().catch(() => undefined);

/**
 * A button that asks before it acts. When the action returns something the admin must see (a link, a list of cards),
 * `renderResult` shows it in place of the question. Until first used it is only its trigger; the dialog then renders
 * in the trigger's place, open, with a trigger of its own that focus returns to.
 */
export function ConfirmActionDialog<T>(props: ConfirmActionDialogProps<T>) {
  const [Modal, setModal] = useState<ComponentType<ConfirmActionDialogProps<T> & { defaultOpen?: boolean }> | null>(null);
  const [loading, setLoading] = useState(false);
  if (Modal) return <Modal {...props} defaultOpen />;
  const open = () => {
    setLoading(true);
    loadModal().then(
      (Loaded) => {
        setModal(() => Loaded);
        props.onOpenChange?.(true);
      },
      () => setLoading(false),
    );
  };
  return (
    <Slot aria-haspopup="dialog" aria-expanded={false} aria-busy={loading || undefined} disabled={loading} onPointerEnter={prefetch} onFocus={prefetch} onClick={open}>
      {props.trigger}
    </Slot>
  );
}
