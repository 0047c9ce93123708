"use client";

import { lazy, Suspense } from "react";
import { Input } from "@/components/ui/input";
import type { PersonComboboxProps } from "./person-combobox";

// The combobox and its query client load as their own chunk, so the lists and forms that show a person field stay
// within the first-load JavaScript budget; the server still renders it, and it hydrates once the chunk is in.
const PersonCombobox = lazy(() => import("./person-combobox").then((module) => ({ default: module.PersonCombobox })));

/** The person combobox (components/people/person-combobox.tsx), loaded on its own. */
export function PersonPicker(props: PersonComboboxProps) {
  return (
    <Suspense
      fallback={
        <Input
          id={props.id}
          readOnly
          aria-busy
          aria-invalid={props["aria-invalid"]}
          aria-describedby={props["aria-describedby"]}
          value={props.value?.label ?? ""}
          placeholder={props.value ? undefined : props.noneLabel}
        />
      }
    >
      <PersonCombobox {...props} />
    </Suspense>
  );
}
