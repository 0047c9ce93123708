"use client";

import { useRef } from "react";
import { Copy, Eye, EyeOff } from "lucide-react";
import { FormField, fieldProps } from "@/components/forms/form-field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import type { CardSecrets } from "@/lib/providers/types";

/** Said once (not counted down) this long before the shown details hide, so a screen-reader user is not cut off unwarned. */
const HIDE_WARNING_SECONDS = 10;

function groupInFours(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, "$1 ");
}

/** Company cards have no owner: the reason for showing the number is asked first, and recorded. */
export function RevealReasonDialog({
  reasonField,
  ...props
}: {
  onClose: () => void;
  returnFocus: () => HTMLElement | null;
  reasonField: React.RefObject<HTMLInputElement | null>;
  reason: string;
  reasonError: string | undefined;
  pending: boolean;
  onReasonChange: (value: string) => void;
  onSubmit: (event: React.FormEvent) => void;
}) {
  return (
    <Dialog open onOpenChange={(next) => (next ? undefined : props.onClose())}>
      <DialogContent className="max-w-md" returnFocus={props.returnFocus}>
        <DialogHeader>
          <DialogTitle>Show company card details</DialogTitle>
          <DialogDescription>Company cards have no owner: say why you need the number. It is recorded.</DialogDescription>
        </DialogHeader>
        <form method="post" noValidate className="grid gap-4" onSubmit={props.onSubmit}>
          <FormField id="reveal-reason" label="Reason" error={props.reasonError}>
            <Input
              {...fieldProps("reveal-reason", props.reasonError)}
              ref={reasonField}
              value={props.reason}
              onChange={(event) => props.onReasonChange(event.target.value)}
              maxLength={300}
              autoComplete="off"
              autoFocus
            />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" aria-disabled={props.pending || undefined} className="aria-disabled:opacity-50">
              <Eye aria-hidden /> {props.pending ? "Fetching…" : "Show details"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/**
 * SECURITY: shows what RevealCardDetails holds in its state; it keeps nothing itself. Closing it (Escape, Hide) wipes
 * the details there.
 */
export function RevealedDetailsDialog(props: {
  secrets: CardSecrets;
  secondsLeft: number;
  showSeconds: number;
  copied: string | null;
  onCopy: (label: string, value: string) => void;
  onHide: () => void;
  returnFocus: () => HTMLElement | null;
}) {
  const { secrets, secondsLeft, showSeconds, copied } = props;
  const expiry = `${String(secrets.expiryMonth).padStart(2, "0")}/${String(secrets.expiryYear).slice(-2)}`;
  // Focus lands on Hide, not on the first copy button: a second Enter would put the number on the clipboard unasked.
  const hideButton = useRef<HTMLButtonElement>(null);
  return (
    <Dialog open onOpenChange={(next) => (next ? undefined : props.onHide())}>
      <DialogContent className="max-w-md" returnFocus={props.returnFocus} initialFocus={() => hideButton.current}>
        <DialogHeader>
          <DialogTitle>Card details</DialogTitle>
          <DialogDescription>Shown for {showSeconds} seconds, and wiped when you hide them or leave the tab.</DialogDescription>
        </DialogHeader>
        <section aria-label="Card details" className="grid gap-3">
          <dl className="grid grid-cols-[auto_1fr_auto] items-center gap-x-4 gap-y-2 text-sm">
            <dt className="text-muted-foreground">Card number</dt>
            <dd className="font-mono text-sm tracking-wider whitespace-nowrap sm:text-base">{groupInFours(secrets.number)}</dd>
            <dd>
              <Button size="sm" variant="ghost" onClick={() => props.onCopy("number", secrets.number)} aria-label="Copy card number">
                <Copy aria-hidden />
              </Button>
            </dd>
            <dt className="text-muted-foreground">CVV</dt>
            <dd className="font-mono text-base">{secrets.cvv}</dd>
            <dd>
              <Button size="sm" variant="ghost" onClick={() => props.onCopy("CVV", secrets.cvv)} aria-label="Copy CVV">
                <Copy aria-hidden />
              </Button>
            </dd>
            <dt className="text-muted-foreground">Expiry</dt>
            <dd className="font-mono text-base">{expiry}</dd>
            <dd />
          </dl>
          <div className="flex items-center justify-between gap-3">
            <div className="text-muted-foreground text-xs">
              <p role="timer" aria-live="off">
                Hiding in {secondsLeft} s
              </p>
              {/* Read out, unlike the timer's every second: a copy done, and a warning before the details hide. */}
              <p role="status">
                {copied ? `${copied === "number" ? "Card number" : "CVV"} copied; Hide clears it from your clipboard.` : ""}
                {secondsLeft <= HIDE_WARNING_SECONDS ? <span className="sr-only"> The details hide in {HIDE_WARNING_SECONDS} seconds.</span> : null}
              </p>
            </div>
            <Button ref={hideButton} size="sm" variant="outline" onClick={props.onHide}>
              <EyeOff aria-hidden /> Hide
            </Button>
          </div>
          <div className="bg-muted h-1 overflow-hidden rounded" aria-hidden>
            <div className="bg-primary h-full transition-[width] duration-1000 ease-linear" style={{ width: `${(secondsLeft / showSeconds) * 100}%` }} />
          </div>
        </section>
      </DialogContent>
    </Dialog>
  );
}
