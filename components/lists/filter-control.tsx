"use client";

import { useRef, useState } from "react";
import { Search } from "lucide-react";
import { PersonPicker } from "@/components/people/person-picker";
import { personChoice, type PersonChoice } from "@/components/people/person-choice";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import type { FilterField } from "./filter-types";

/**
 * One labelled control of the filter bar; its error (from the server's parse of the URL) sits under it. `onChange`
 * says whether the change came from the keyboard stepping through values: arrow keys move a closed select from option
 * to option and a date typed digit by digit becomes a valid date several times, each a change event. The bar waits for
 * a pause (or for the field to be left, `onLeave`) before applying those, instead of loading the list at every step.
 */
export function FilterControl({
  id,
  field,
  value,
  error,
  onChange,
  onLeave,
}: {
  id: string;
  field: FilterField;
  value: string;
  error?: string;
  onChange: (value: string, stepping: boolean) => void;
  onLeave?: () => void;
}) {
  const props = fieldProps(id, error, field.hint ? "hint" : undefined);
  const keyboard = useRef(false);
  const stepping = {
    onKeyDown: (event: React.KeyboardEvent) => {
      keyboard.current = event.key !== "Tab" && event.key !== "Enter";
    },
    onPointerDown: () => {
      keyboard.current = false;
    },
    onBlur: () => onLeave?.(),
  };
  let control: React.ReactNode;
  switch (field.kind) {
    case "search":
      control = (
        <div className="relative">
          <Search aria-hidden className="text-muted-foreground pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2" />
          <Input {...props} type="search" value={value} placeholder={field.placeholder} className="pl-8" autoComplete="off" onChange={(event) => onChange(event.target.value, false)} />
        </div>
      );
      break;
    case "text":
      control = <Input {...props} value={value} placeholder={field.placeholder} autoComplete="off" onChange={(event) => onChange(event.target.value, false)} />;
      break;
    case "date":
      control = <Input {...props} {...stepping} type="date" value={value} onChange={(event) => onChange(event.target.value, keyboard.current)} />;
      break;
    case "select":
      control = (
        <NativeSelect {...props} {...stepping} value={value} onChange={(event) => onChange(event.target.value, keyboard.current)}>
          {field.anyLabel !== undefined ? <option value="">{field.anyLabel}</option> : null}
          {field.options?.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
          {field.groups?.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </optgroup>
          ))}
        </NativeSelect>
      );
      break;
    case "person":
      control = <PersonFilter props={props} field={field} value={value} onChange={(chosen) => onChange(chosen, false)} />;
      break;
  }
  return (
    <FormField id={id} label={field.label} error={error} hint={field.hint}>
      {control}
    </FormField>
  );
}

/** The person filter: shows the name the server resolved, or the one just picked until the page catches up. */
function PersonFilter({ props, field, value, onChange }: { props: ReturnType<typeof fieldProps>; field: Extract<FilterField, { kind: "person" }>; value: string; onChange: (value: string) => void }) {
  const [picked, setPicked] = useState<PersonChoice | null>(null);
  const shown = value === "" ? null : picked?.id === value ? picked : field.selected?.value === value ? { id: value, label: field.selected.label } : { id: value, label: "A person you cannot see" };
  return (
    <PersonPicker
      {...props}
      purpose="filter"
      noneLabel={field.anyLabel}
      value={shown}
      onChange={(person) => {
        setPicked(person ? personChoice(person) : null);
        onChange(person?.id ?? "");
      }}
    />
  );
}
