"use client";

import { useState, type ComponentProps, type ComponentType, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** What a deferred dialog is given besides its own props: it is drawn open, as its button was just used. */
export type Opens = { defaultOpen?: boolean };

/**
 * A button that loads its dialog (form, checks, dialog primitives) only when first used, so a page's first load
 * carries the buttons and not every form behind them (a card's actions, a request's decisions, a person's edit). The
 * download starts on hover or focus; once loaded, the dialog renders in the button's place, open, with a trigger of
 * its own that focus returns to.
 */
export function DeferredDialog<Props extends object>({
  load,
  props,
  children,
  className,
  disabled,
  variant = "outline",
  size,
}: {
  load: () => Promise<ComponentType<Props & Opens>>;
  props: Props;
  /** The trigger's icon and label, the same the dialog's own trigger shows. */
  children: ReactNode;
  className?: string;
  disabled?: boolean;
  /** The look of the dialog's own trigger, which takes this button's place once loaded. */
  variant?: ComponentProps<typeof Button>["variant"];
  size?: ComponentProps<typeof Button>["size"];
}) {
  const [Dialog, setDialog] = useState<ComponentType<Props & Opens> | null>(null);
  const [loading, setLoading] = useState(false);
  if (Dialog) return <Dialog {...props} defaultOpen />;
  const open = () => {
    setLoading(true);
    load().then(
      (Loaded) => setDialog(() => Loaded),
      () => setLoading(false),
    );
  };
  return (
    <Button
      variant={variant}
      size={size}
      className={className}
      disabled={disabled || loading}
      aria-busy={loading}
      aria-haspopup="dialog"
      onPointerEnter={() => void load().catch(() => undefined)}
      onFocus={() => void load().catch(() => undefined)}
      onClick={open}
    >
      {children}
    </Button>
  );
}
