"use client";

import * as React from "react";
import { Slot } from "@/components/ui/slot";
import { XIcon } from "lucide-react";
import { cn } from "@/lib/utils";
import { NativeModal, useOpenState } from "./native-modal";

/** A side or bottom sheet on the browser's own modal <dialog> (see NativeModal): the list pages' filter sheets. */
type SheetState = { open: boolean; setOpen: (open: boolean) => void; titleId: string };
const SheetContext = React.createContext<SheetState | null>(null);

function useSheet(): SheetState {
  const state = React.useContext(SheetContext);
  if (!state) throw new Error("Sheet parts must be inside <Sheet>");
  return state;
}

function Sheet({ open: controlled, onOpenChange, defaultOpen, children }: { open?: boolean; onOpenChange?: (open: boolean) => void; defaultOpen?: boolean; children: React.ReactNode }) {
  const [open, setOpen] = useOpenState(controlled, onOpenChange, defaultOpen);
  const titleId = React.useId();
  const state = React.useMemo(() => ({ open, setOpen, titleId }), [open, setOpen, titleId]);
  return <SheetContext.Provider value={state}>{children}</SheetContext.Provider>;
}

function SheetTrigger({ asChild, onClick, ...props }: React.ComponentProps<"button"> & { asChild?: boolean }) {
  const { open, setOpen } = useSheet();
  const Component = asChild ? Slot : "button";
  return (
    <Component
      data-slot="sheet-trigger"
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

function SheetTitle({ className, ...props }: React.ComponentProps<"h2">) {
  const { titleId } = useSheet();
  return <h2 id={titleId} data-slot="sheet-title" className={cn("font-semibold", className)} {...props} />;
}

const SIDES = {
  left: "inset-y-0 left-0 right-auto h-full max-h-none w-72 border-r",
  right: "inset-y-0 right-0 left-auto h-full max-h-none w-80 max-w-[90vw] border-l",
  bottom: "inset-x-0 bottom-0 top-auto w-full max-w-none max-h-[85dvh] rounded-t-xl border-t",
} as const;

function SheetContent({
  className,
  children,
  side = "left",
  closeLabel = "Close menu",
  ...props
}: Omit<React.ComponentProps<"dialog">, "open"> & { side?: keyof typeof SIDES; closeLabel?: string }) {
  const { open, setOpen, titleId } = useSheet();
  return (
    <NativeModal
      open={open}
      onOpenChange={setOpen}
      data-slot="sheet-content"
      aria-labelledby={titleId}
      className={cn("bg-background text-foreground fixed z-50 m-0 flex flex-col gap-4 overflow-y-auto p-4 shadow-lg backdrop:bg-black/50", SIDES[side], className)}
      {...props}
    >
      {children}
      <button
        type="button"
        onClick={() => setOpen(false)}
        className="overlay-close"
      >
        <XIcon className="size-4" aria-hidden />
        <span className="sr-only">{closeLabel}</span>
      </button>
    </NativeModal>
  );
}

export { Sheet, SheetTrigger, SheetContent, SheetTitle };
