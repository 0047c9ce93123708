"use client";

import type { ErrorTarget } from "@/components/forms/error-links";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { IssueValues } from "./issue-card-types";

type SetValues = (patch: Partial<IssueValues>) => void;

/** The error summary's links to the cardholder fields below (ErrorLinks), in their order. */
export const HOLDER_ERROR_TARGETS: ErrorTarget[] = [
    ["holderFirstName", "issue-first-name", "First name"],
    ["holderLastName", "issue-last-name", "Last name"],
    ["street", "issue-street", "Street"],
    ["city", "issue-city", "City"],
    ["state", "issue-state", "State"],
    ["zipCode", "issue-zip", "ZIP code"],
];

/** NobePay cards carry a US cardholder name and billing address. */
export function IssueHolderFields({ values, set, errors, states }: { values: IssueValues; set: SetValues; errors: Record<string, string>; states: { code: string; name: string }[] }) {
  const text = (id: string, label: string, key: "holderFirstName" | "holderLastName" | "street" | "city" | "zipCode", autoComplete: string) => (
    <FormField id={id} label={label} error={errors[key]}>
      <Input {...fieldProps(id, errors[key])} value={values[key]} onChange={(event) => set({ [key]: event.target.value })} autoComplete={autoComplete} />
    </FormField>
  );
  return (
    <fieldset className="grid gap-4 sm:col-span-2 sm:grid-cols-2">
      <legend className="mb-2 text-sm font-semibold">Cardholder</legend>
      {text("issue-first-name", "First name", "holderFirstName", "off")}
      {text("issue-last-name", "Last name", "holderLastName", "off")}
      <div className="sm:col-span-2">{text("issue-street", "Street", "street", "off")}</div>
      {text("issue-city", "City", "city", "off")}
      <FormField id="issue-state" label="State" error={errors.state}>
        <NativeSelect {...fieldProps("issue-state", errors.state)} value={values.state} onChange={(event) => set({ state: event.target.value })}>
          <option value="">Choose a state</option>
          {states.map((state) => (
            <option key={state.code} value={state.code}>
              {state.name}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      {text("issue-zip", "ZIP code", "zipCode", "off")}
    </fieldset>
  );
}
