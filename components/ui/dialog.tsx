"use client";

import * as React from "react";
import { Slot } from "@/components/ui/slot";
import { XIcon } from "lucide-react";
import { cn } from "@/lib/utils";
import { NativeModal, useOpenState } from "./native-modal";

/** A centred modal dialog on the browser's own <dialog> (see NativeModal), with shadcn's parts and look. */
type DialogState = {
  open: boolean;
  setOpen: (open: boolean) => void;
  titleId: string;
  descriptionId: string;
  /** The trigger, which focus returns to on close (it stays on the page; what had focus may be gone). */
  trigger: React.RefObject<HTMLElement | null>;
};
const DialogContext = React.createContext<DialogState | null>(null);

function useDialog(): DialogState {
  const state = React.useContext(DialogContext);
  if (!state) throw new Error("Dialog parts must be inside <Dialog>");
  return state;
}

function Dialog({ open: controlled, onOpenChange, defaultOpen, children }: { open?: boolean; onOpenChange?: (open: boolean) => void; defaultOpen?: boolean; children: React.ReactNode }) {
  const [open, setOpen] = useOpenState(controlled, onOpenChange, defaultOpen);
  const titleId = React.useId();
  const descriptionId = React.useId();
  const trigger = React.useRef<HTMLElement | null>(null);
  const state = React.useMemo(() => ({ open, setOpen, titleId, descriptionId, trigger }), [open, setOpen, titleId, descriptionId]);
  return <DialogContext.Provider value={state}>{children}</DialogContext.Provider>;
}

function DialogTrigger({ asChild, onClick, ...props }: React.ComponentProps<"button"> & { asChild?: boolean }) {
  const { open, setOpen, trigger } = useDialog();
  const Component = asChild ? Slot : "button";
  return (
    <Component
      ref={trigger as React.Ref<HTMLButtonElement>}
      data-slot="dialog-trigger"
      type={asChild ? undefined : "button"}
      aria-haspopup="dialog"
      aria-expanded={open}
      {...props}
      onClick={(event: React.MouseEvent<HTMLButtonElement>) => {
        onClick?.(event);
        if (!event.defaultPrevented) setOpen(true);
      }}
    />
  );
}

function DialogClose({ asChild, onClick, ...props }: React.ComponentProps<"button"> & { asChild?: boolean }) {
  const { setOpen } = useDialog();
  const Component = asChild ? Slot : "button";
  return (
    <Component
      data-slot="dialog-close"
      type={asChild ? undefined : "button"}
      {...props}
      onClick={(event: React.MouseEvent<HTMLButtonElement>) => {
        onClick?.(event);
        if (!event.defaultPrevented) setOpen(false);
      }}
    />
  );
}

/**
 * `returnFocus`: where focus goes on close when the dialog has no trigger of its own (opened by code). `initialFocus`:
 * what takes focus on opening instead of the first focusable element (NativeModal).
 */
function DialogContent({ className, children, returnFocus, ...props }: Omit<React.ComponentProps<"dialog">, "open"> & { returnFocus?: () => HTMLElement | null; initialFocus?: () => HTMLElement | null }) {
  const { open, setOpen, titleId, descriptionId, trigger } = useDialog();
  return (
    <NativeModal
      open={open}
      onOpenChange={setOpen}
      returnFocus={() => trigger.current ?? returnFocus?.() ?? null}
      data-slot="dialog-content"
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      className={cn(
        "dialog-panel",
        className,
      )}
      {...props}
    >
      {children}
      <button
        type="button"
        onClick={() => setOpen(false)}
        className="overlay-close"
      >
        <XIcon className="size-4" aria-hidden />
        <span className="sr-only">Close</span>
      </button>
    </NativeModal>
  );
}

function DialogHeader({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="dialog-header" className={cn("flex flex-col gap-2 pr-6 text-left", className)} {...props} />;
}

// In DOM order at every width: a reversed column drew the primary action first on a phone while Tab reached it last.
function DialogFooter({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="dialog-footer" className={cn("flex flex-col gap-2 sm:flex-row sm:justify-end", className)} {...props} />;
}

function DialogTitle({ className, ...props }: React.ComponentProps<"h2">) {
  const { titleId } = useDialog();
  return <h2 id={titleId} data-slot="dialog-title" className={cn("text-lg leading-none font-semibold wrap-anywhere", className)} {...props} />;
}

function DialogDescription({ className, ...props }: React.ComponentProps<"p">) {
  const { descriptionId } = useDialog();
  return <p id={descriptionId} data-slot="dialog-description" className={cn("text-muted-foreground text-sm", className)} {...props} />;
}

export { Dialog, DialogTrigger, DialogClose, DialogContent, DialogHeader, DialogFooter, DialogTitle, DialogDescription };
