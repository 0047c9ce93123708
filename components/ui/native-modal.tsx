"use client";

import * as React from "react";
import { createPortal } from "react-dom";

/**
 * The browser's own modal <dialog> (top layer, inert page behind, focus kept inside, Escape), portalled to <body> so
 * no hidden ancestor can hide it, and returning focus to where it was when it closes. Dialog and Sheet are built on
 * it instead of a dialog library, which kept them out of every list and form page's first-load JavaScript.
 * Focus returns to `returnFocus` (the button that opened it, which stays on the page) when given and still there,
 * otherwise to what had focus before, unless that was inside the dialog itself (an autoFocus field) or is gone.
 * On opening the browser focuses the first focusable element; `initialFocus` (e.g. the title, tabIndex -1) replaces it.
 */
export function NativeModal({
  open,
  onOpenChange,
  returnFocus,
  initialFocus,
  children,
  ...props
}: Omit<React.ComponentProps<"dialog">, "open"> & {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocus?: () => HTMLElement | null;
  initialFocus?: () => HTMLElement | null;
}) {
  const dialog = React.useRef<HTMLDialogElement>(null);
  const returnTo = React.useRef(returnFocus);
  const focusFirst = React.useRef(initialFocus);
  React.useEffect(() => {
    returnTo.current = returnFocus;
    focusFirst.current = initialFocus;
  });
  React.useEffect(() => {
    const element = dialog.current;
    if (!open || !element) return;
    const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const previous = active && active !== document.body && !element.contains(active) ? active : null;
    if (!element.open) {
      element.showModal();
      focusFirst.current?.()?.focus();
    }
    return () => {
      if (element.open) element.close();
      const target = [returnTo.current?.(), previous].find((candidate) => candidate?.isConnected && !candidate.matches(":disabled"));
      target?.focus();
    };
  }, [open]);
  if (!open) return null;
  return createPortal(
    <dialog
      ref={dialog}
      {...props}
      onCancel={(event) => {
        // Escape: React's state closes it, so open and shown never disagree.
        event.preventDefault();
        onOpenChange(false);
      }}
      onClick={(event) => {
        props.onClick?.(event);
        if (event.target !== event.currentTarget) return;
        // A click on the element itself outside its box is a click on the backdrop.
        const box = event.currentTarget.getBoundingClientRect();
        const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
        if (!inside) onOpenChange(false);
      }}
    >
      {children}
    </dialog>,
    document.body,
  );
}

/** Open state that a parent may control (open/onOpenChange) or leave to the component (defaultOpen). */
export function useOpenState(controlled: boolean | undefined, onOpenChange: ((open: boolean) => void) | undefined, defaultOpen = false) {
  const [uncontrolled, setUncontrolled] = React.useState(defaultOpen);
  const open = controlled ?? uncontrolled;
  const setOpen = React.useCallback(
    (next: boolean) => {
      if (controlled === undefined) setUncontrolled(next);
      onOpenChange?.(next);
    },
    [controlled, onOpenChange],
  );
  return [open, setOpen] as const;
}
