"use client";

import { useState } from "react";
import { Pencil } from "lucide-react";
import { ActionFailureAlert } from "@/components/cards/action-failure";
import { fieldProps, FormField, issuesToFields } from "@/components/forms/form-field";
import { useRefreshingAction } from "@/components/forms/use-refreshing-action";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { renameProductAction } from "@/lib/actions/products/rename-product";
import { productLabel } from "@/lib/products/product-label";

/** Administrators give a product the name Cardhub shows (blank: the provider's name again). Kept in Cardhub only. */
export function RenameProductDialog({ product }: { product: { id: string; name: string; displayName: string | null } }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(product.displayName ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { run, pending, failure, setFailure } = useRefreshingAction();
  const fields = { ...failure?.fields, ...errors };
  const id = `product-${product.id}-display-name`;

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) setText(product.displayName ?? "");
    else {
      setErrors({});
      setFailure(null);
    }
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    // The schema (and zod with it) is loaded on submit, not with the page: first-load JavaScript budget.
    const { renameProductSchema } = await import("@/lib/products/schemas");
    const input = { productId: product.id, displayName: text };
    const parsed = renameProductSchema.safeParse(input);
    setErrors(parsed.success ? {} : issuesToFields(parsed.error.issues));
    if (parsed.success) run(() => renameProductAction(input), () => onOpenChange(false));
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <Pencil aria-hidden /> Rename<span className="sr-only"> {productLabel(product)}</span>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Rename product</DialogTitle>
          <DialogDescription>
            The name people read for the provider&apos;s product “{product.name}”, on every page. The provider keeps its own name, shown beside it; a refresh
            never changes this one.
          </DialogDescription>
        </DialogHeader>
        <form method="post" onSubmit={submit} noValidate className="grid gap-4">
          <FormField id={id} label="Display name" error={fields.displayName} hint="Leave it empty to show the provider's name again.">
            <Input {...fieldProps(id, fields.displayName, "hint")} value={text} onChange={(event) => setText(event.target.value)} placeholder={product.name} autoComplete="off" />
          </FormField>
          <ActionFailureAlert failure={failure} shownFields={["displayName"]} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending} aria-busy={pending}>
              {pending ? "Saving…" : "Save"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
