"use client";

import { useEffect, useId, useRef, useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Loader2, X } from "lucide-react";
import { QueryProvider } from "@/components/providers/query-provider";
import { cn } from "@/lib/utils";
import type { PickerPurpose } from "@/lib/people/picker-scope";
import { personLabel, type PersonChoice, type PickedPerson } from "./person-choice";

export type { PersonChoice, PickedPerson };

export type PersonComboboxProps = {
  /** The input's id, for the field's <label htmlFor>. */
  id: string;
  /**
   * What the server may offer: "filter" people whose lists the caller sees, "assign" active people to give a card to,
   * "member" active people to add to a team.
   */
  purpose: PickerPurpose;
  /** The chosen person, or null for none. The server page resolves the name from the id (personChoice). */
  value: PersonChoice | null;
  onChange: (person: PickedPerson | null) => void;
  /** For a form: a hidden input of this name carries the chosen id ("" for none). */
  name?: string;
  placeholder?: string;
  /** What "none" means here, e.g. "All owners": said by the clear button and the empty input. */
  noneLabel?: string;
  /** People who may not be chosen (yourself, as a card's new owner). */
  excludeIds?: readonly string[];
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
  disabled?: boolean;
  /** In a dialog (which clips what overflows it) the list opens in the flow, pushing what follows down. */
  inline?: boolean;
  /** For adding people one after another (a team's members): the box empties once someone is chosen. */
  clearOnChoose?: boolean;
};

const SEARCH_DELAY_MS = 250;

async function fetchPeople(purpose: string, q: string, signal: AbortSignal): Promise<PickedPerson[]> {
  const response = await fetch(`/api/people?${new URLSearchParams({ purpose, q })}`, {
    cache: "no-store",
    signal,
  });
  if (!response.ok) throw new Error(`people ${response.status}`);
  return ((await response.json()) as { people: PickedPerson[] }).people;
}

/**
 * Picks one person by typing part of their name or email: the server searches (20 matches at most), so the page never
 * carries the whole company. ARIA 1.2 combobox with a listbox popup: arrows move, Enter chooses, Escape closes (and
 * then restores the chosen name), the clear button returns to none.
 */
export function PersonCombobox(props: PersonComboboxProps) {
  return (
    <QueryProvider>
      <Combobox {...props} />
    </QueryProvider>
  );
}

function Combobox({
  id,
  purpose,
  value,
  onChange,
  name,
  placeholder = "Type a name or email",
  noneLabel,
  excludeIds,
  disabled,
  inline = false,
  clearOnChoose = false,
  ...aria
}: PersonComboboxProps) {
  const listboxId = useId();
  const statusId = useId();
  const [text, setText] = useState(value?.label ?? "");
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const input = useRef<HTMLInputElement>(null);

  // A value chosen elsewhere (the URL changed, the form was reset) shows its name: adjusted while rendering.
  const shownLabel = value?.label ?? "";
  const [lastShown, setLastShown] = useState(shownLabel);
  if (lastShown !== shownLabel) {
    setLastShown(shownLabel);
    setText(shownLabel);
  }

  // Ask the server only once typing pauses.
  useEffect(() => {
    if (!open) return;
    // The chosen name itself is not a search: opening the list then offers everyone from the start.
    const timer = setTimeout(() => setQuery(text === shownLabel ? "" : text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, open, shownLabel]);

  const search = useQuery({
    queryKey: ["people", purpose, query],
    queryFn: ({ signal }) => fetchPeople(purpose, query, signal),
    enabled: open,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: 1,
  });
  const options = (search.data ?? []).filter((person) => !excludeIds?.includes(person.id));
  const waiting = open && (search.isFetching || (text.trim() !== query && text !== shownLabel));

  // The highlighted option belongs to one answer: a new answer starts with none, and ArrowDown goes to its first match.
  const [highlight, setHighlight] = useState<{ answer: unknown; index: number }>({
    answer: undefined,
    index: -1,
  });
  const active =
    !open || options.length === 0 || highlight.answer !== search.data
      ? -1
      : Math.min(highlight.index, options.length - 1);
  const setActive = (next: (index: number) => number) =>
    setHighlight({ answer: search.data, index: next(active) });

  const close = () => {
    setOpen(false);
    setText(shownLabel);
  };
  const choose = (person: PickedPerson | null) => {
    setOpen(false);
    setText(person && !clearOnChoose ? personLabel(person) : "");
    setQuery("");
    onChange(person);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!open) setOpen(true);
        else if (options.length > 0) setActive((index) => (index + 1) % options.length);
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!open) setOpen(true);
        else if (options.length > 0) setActive((index) => (index <= 0 ? options.length - 1 : index - 1));
        break;
      case "Enter":
        // Inside a form, Enter picks rather than submits while the list is open.
        if (open) {
          event.preventDefault();
          if (active >= 0 && options[active]) choose(options[active]!);
        }
        break;
      case "Escape":
        if (open) {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
        break;
    }
  };

  const activeId = open && active >= 0 && options[active] ? `${listboxId}-${options[active]!.id}` : undefined;
  let status: string;
  if (search.isError) status = "People could not be loaded. Type again to retry.";
  else if (waiting && options.length === 0) status = "Searching…";
  else if (options.length === 0) status = query ? "No one matches." : "No one to choose.";
  else
    status = `${options.length} ${options.length === 1 ? "person" : "people"}${options.length === 20 ? " shown; type more to narrow" : ""}.`;

  return (
    <div className="relative">
      {name ? <input type="hidden" name={name} value={value?.id ?? ""} /> : null}
      <div className="relative">
        <input
          ref={input}
          id={id}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listboxId}
          aria-activedescendant={activeId}
          aria-invalid={aria["aria-invalid"]}
          aria-describedby={
            [aria["aria-describedby"], open ? statusId : null].filter(Boolean).join(" ") || undefined
          }
          autoComplete="off"
          spellCheck={false}
          disabled={disabled}
          value={text}
          placeholder={value ? undefined : (noneLabel ?? placeholder)}
          onChange={(event) => {
            setText(event.target.value);
            setOpen(true);
          }}
          onFocus={(event) => event.target.select()}
          onClick={() => setOpen(true)}
          onKeyDown={onKeyDown}
          onBlur={(event) => {
            // A click on an option keeps focus here (mousedown is prevented), so a blur means leaving the picker.
            if (!event.currentTarget.parentElement?.contains(event.relatedTarget as Node | null)) close();
          }}
          className={cn(
            "placeholder:text-muted-foreground border-input flex h-9 w-full min-w-0 rounded-md border bg-transparent py-1 pr-16 pl-3 text-base shadow-xs transition-[color,box-shadow] outline-none disabled:cursor-not-allowed disabled:opacity-50 md:text-sm dark:bg-input/30",
            "focus-visible:border-ring focus-visible:ring-ring/50 focus-visible:ring-[3px]",
            "aria-invalid:ring-destructive/20 dark:aria-invalid:ring-destructive/40 aria-invalid:border-destructive",
          )}
        />
        <div className="absolute inset-y-0 right-1 flex items-center gap-0.5">
          {waiting ? (
            <Loader2
              aria-hidden
              className="text-muted-foreground size-4 animate-spin motion-reduce:animate-none"
            />
          ) : null}
          {value ? (
            <button
              type="button"
              disabled={disabled}
              aria-label={`Clear ${value.label}`}
              className="text-muted-foreground hover:text-foreground focus-visible:ring-ring/50 inline-flex size-7 items-center justify-center rounded-sm outline-none focus-visible:ring-[3px]"
              onClick={() => {
                choose(null);
                input.current?.focus();
              }}
            >
              <X aria-hidden className="size-4" />
            </button>
          ) : null}
        </div>
      </div>
      <div
        className={cn(
          "bg-popover text-popover-foreground mt-1 w-full overflow-hidden rounded-md border shadow-md",
          !inline && "absolute z-50 min-w-[16rem] max-sm:min-w-0",
          !open && "hidden",
        )}
      >
        <ul
          id={listboxId}
          role="listbox"
          aria-label="People"
          aria-busy={waiting}
          className="max-h-64 overflow-y-auto p-1"
        >
          {options.map((person, index) => (
            <li
              key={person.id}
              id={`${listboxId}-${person.id}`}
              role="option"
              aria-selected={index === active}
              className={cn(
                "cursor-default rounded-sm px-2 py-1.5 text-sm select-none",
                index === active && "bg-accent text-accent-foreground",
              )}
              onMouseDown={(event) => event.preventDefault()}
              onMouseMove={() => setActive(() => index)}
              onClick={() => choose(person)}
            >
              <span className="block truncate">{personLabel(person)}</span>
              <span className="sr-only">, </span>
              <span className="text-muted-foreground block truncate text-xs">{person.email}</span>
            </li>
          ))}
        </ul>
        <p
          id={statusId}
          role="status"
          className={cn(
            "text-muted-foreground px-3 py-2 text-xs",
            options.length > 0 && "border-t",
            search.isError && "text-destructive",
          )}
        >
          {open ? status : ""}
        </p>
      </div>
    </div>
  );
}
