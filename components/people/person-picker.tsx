"use client";

import { lazy, Suspense, useLayoutEffect, useRef } from "react";
import { Input } from "@/components/ui/input";
import type { PersonComboboxProps } from "./person-combobox";

// The combobox and its query client load as their own chunk, so the lists and forms that show a person field stay
// within the first-load JavaScript budget; the server still renders it, and it hydrates once the chunk is in.
const PersonCombobox = lazy(() => import("./person-combobox").then((module) => ({ default: module.PersonCombobox })));

/** Once the combobox replaces the placeholder, focus moves to it if the placeholder had it (a dialog focuses it first). */
function KeepFocus({ id, hadRef }: { id: string; hadRef: React.RefObject<boolean> }) {
  useLayoutEffect(() => {
    if (hadRef.current && (document.activeElement === null || document.activeElement === document.body)) document.getElementById(id)?.focus();
    hadRef.current = false;
  }, [id, hadRef]);
  return null;
}

/** The person combobox (components/people/person-combobox.tsx), loaded on its own. */
export function PersonPicker(props: PersonComboboxProps) {
  const placeholderFocused = useRef(false);
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
          onFocus={() => (placeholderFocused.current = true)}
          onBlur={() => (placeholderFocused.current = false)}
        />
      }
    >
      <PersonCombobox {...props} />
      <KeepFocus id={props.id} hadRef={placeholderFocused} />
    </Suspense>
  );
}
