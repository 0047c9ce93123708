"use client";

import { useState } from "react";
import { MapPin } from "lucide-react";
import { fieldProps, FormField, issuesToFields } from "@/components/forms/form-field";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { updateHolderAddressAction } from "@/lib/actions/cards/update-holder-address";
import { ActionFailureAlert } from "./action-failure";
import { useCardDialog } from "./use-card-action";

const FIELDS = ["street", "city", "state", "zipCode"] as const;

/** Corrects the cardholder's address at the provider (NobePay card/update); Cardhub keeps no copy of it. */
export function HolderAddressDialog({
  cardId,
  providerLabel,
  states,
  disabled = false,
  defaultOpen = false,
}: {
  cardId: string;
  providerLabel: string;
  states: { code: string; name: string }[];
  disabled?: boolean;
  defaultOpen?: boolean;
}) {
  const [values, setValues] = useState({ street: "", city: "", state: "", zipCode: "" });
  const { open, onOpenChange, fields, submit: submitDialog, pending, failure } = useCardDialog(null, defaultOpen);
  const set = (key: (typeof FIELDS)[number]) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues((v) => ({ ...v, [key]: event.target.value }));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    // The schema (and zod with it) is loaded on submit, not with the page: first-load JavaScript budget.
    const { holderAddressSchema } = await import("@/lib/cards/schemas");
    const input = { cardId, ...values };
    const parsed = holderAddressSchema.safeParse(input);
    submitDialog(parsed.success ? {} : issuesToFields(parsed.error.issues), () => updateHolderAddressAction(input), `${providerLabel} has the cardholder's new address.`);
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline" disabled={disabled}>
          <MapPin aria-hidden /> Change cardholder address
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Change the cardholder&apos;s address</DialogTitle>
          <DialogDescription>{providerLabel} checks purchases against this address. The country stays as it is.</DialogDescription>
        </DialogHeader>
        <form method="post" onSubmit={submit} noValidate className="grid gap-4">
          <FormField id="holder-street" label="Street" error={fields.street}>
            <Input {...fieldProps("holder-street", fields.street)} value={values.street} onChange={set("street")} autoComplete="street-address" maxLength={100} />
          </FormField>
          <FormField id="holder-city" label="City" error={fields.city}>
            <Input {...fieldProps("holder-city", fields.city)} value={values.city} onChange={set("city")} autoComplete="address-level2" maxLength={60} />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField id="holder-state" label="State" error={fields.state}>
              {states.length > 0 ? (
                <NativeSelect {...fieldProps("holder-state", fields.state)} value={values.state} onChange={set("state")} autoComplete="address-level1">
                  <option value="">Choose a state</option>
                  {states.map((state) => (
                    <option key={state.code} value={state.code}>
                      {state.name}
                    </option>
                  ))}
                </NativeSelect>
              ) : (
                <Input {...fieldProps("holder-state", fields.state)} value={values.state} onChange={set("state")} autoComplete="address-level1" maxLength={2} />
              )}
            </FormField>
            <FormField id="holder-zip" label="ZIP code" error={fields.zipCode}>
              <Input {...fieldProps("holder-zip", fields.zipCode)} value={values.zipCode} onChange={set("zipCode")} autoComplete="postal-code" inputMode="numeric" maxLength={10} />
            </FormField>
          </div>
          <ActionFailureAlert failure={failure} shownFields={FIELDS} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Close
            </Button>
            <Button type="submit" disabled={pending} aria-busy={pending}>
              {pending ? "Saving…" : "Save address"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
