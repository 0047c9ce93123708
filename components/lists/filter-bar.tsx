"use client";

import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Loader2, SlidersHorizontal } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FilterControl } from "./filter-control";
import { TEXT_APPLY_DELAY_MS, filterHref, filterProblems, isNarrowing, isTextField, isYearStillTyped, type FilterField, type FilterValues } from "./filter-types";

// The phone's filter sheet loads when its button is first wanted (the pointer over it, focus on it, or a tap), not
// with every list page.
const loadFilterSheet = () => import("./filter-sheet").then((module) => module.FilterSheet);

export type FilterBarProps = {
  /**
   * The list's own path, e.g. "/cards": applying a filter navigates here with the filters in the query string. It may
   * carry parameters that are not filters and must stay, e.g. "/requests?tab=inbox"; "Clear filters" goes back to it.
   */
  path: string;
  /** Accessible name of the search landmark, e.g. "Card filters". */
  label: string;
  /** In display order. The first `search` field stays in view at phone width; the rest fold into the sheet. */
  fields: FilterField[];
  /** The values the server parsed from the URL, by field name (an empty value is "any"). */
  values: FilterValues;
  /** Messages from the server's parse of the URL, by field name, shown on their fields. */
  errors?: Partial<Record<string, string>>;
  /** A short line under the fields, e.g. how dates are interpreted. */
  note?: string;
  /** What the list shows now (components/lists/result-text.ts), announced each time a filter has applied. */
  resultText?: string;
};

function same(a: FilterValues, b: FilterValues): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => (a[key] ?? "").trim() === (b[key] ?? "").trim());
}

/**
 * The one filter bar of every list. State lives in the URL. One apply behaviour for every control: a change applies
 * at once (a select or date chosen with the pointer on change; text, and a select or date stepped through from the
 * keyboard, after a short pause, on Enter or on leaving the field); there is no Apply button.
 * Applying always starts again from the first page. At phone width the fields other than the search fold into a
 * "Filters" button that opens them in a sheet.
 */
export function FilterBar({ path, label, fields, values, errors = {}, note, resultText }: FilterBarProps) {
  const router = useRouter();
  const [draft, setDraft] = useState<FilterValues>(values);
  const [sheetOpen, setSheetOpen] = useState(false);
  const [FilterSheet, setFilterSheet] = useState<Awaited<ReturnType<typeof loadFilterSheet>> | null>(null);
  const wantSheet = () => {
    if (FilterSheet) return;
    loadFilterSheet().then(
      (Loaded) => setFilterSheet(() => Loaded),
      () => setSheetOpen(false),
    );
  };
  const sheetLoading = sheetOpen && !FilterSheet;
  const [pending, startTransition] = useTransition();
  const applied = useRef<FilterValues>(values);
  const typing = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** A select or date stepped through from the keyboard, waiting for its pause: leaving the field applies it at once. */
  const stepped = useRef<FilterValues | null>(null);
  const [announced, setAnnounced] = useState("");
  const wasPending = useRef(false);

  // A filter's navigation has finished and the new rows are on the page: say what they are.
  useEffect(() => {
    if (wasPending.current && !pending) setAnnounced(resultText ?? "");
    wasPending.current = pending;
  }, [pending, resultText]);

  /** Forgets a change still waiting for its pause (typed text, a stepped select or date). */
  const dropWaiting = useCallback(() => {
    if (typing.current) clearTimeout(typing.current);
    typing.current = null;
    stepped.current = null;
  }, []);

  // The URL changed from outside the bar (Clear, back button, a link): show what it now says, and drop a change still
  // waiting for its pause, which would otherwise be applied over it.
  useEffect(() => {
    if (same(values, applied.current)) return;
    dropWaiting();
    applied.current = values;
    setDraft(values);
  }, [values, dropWaiting]);

  // Back or Forward moves the page even when the filters stay (a page of the same list): a change still waiting for
  // its pause was made on the page left, and is dropped rather than applied over the move; so it is when the bar goes.
  useEffect(() => {
    window.addEventListener("popstate", dropWaiting);
    return () => {
      window.removeEventListener("popstate", dropWaiting);
      dropWaiting();
    };
  }, [dropWaiting]);

  // Values the list would drop (an amount that is not one, a "to" day before the "from" day) are not applied: they
  // stay in their fields, marked, and the list stays as it is (filterProblems).
  const [problems, setProblems] = useState<Record<string, string>>({});
  /** Applies `next` unless the list would drop part of it; says whether it could. */
  const apply = (next: FilterValues, mode: "push" | "replace"): boolean => {
    dropWaiting();
    const found = filterProblems(fields, next);
    setProblems(found);
    if (Object.keys(found).length > 0) {
      setAnnounced(`${Object.values(found).join(" ")} The list is unchanged.`);
      return false;
    }
    if (same(next, applied.current)) return true;
    applied.current = next;
    const href = filterHref(path, fields, next);
    startTransition(() => (mode === "push" ? router.push(href, { scroll: false }) : router.replace(href, { scroll: false })));
    return true;
  };
  // "Show results" applies what the sheet holds (text still waiting for its pause included). A value the list would
  // drop keeps the sheet open with focus on it: closed, its message would sit on a field hidden at phone width.
  const showResults = () => {
    if (apply(draft, "push")) return setSheetOpen(false);
    const first = folded.find((field) => filterProblems(fields, draft)[field.name]);
    if (first) document.getElementById(controlId(first, "-sheet"))?.focus();
  };

  const change = (field: FilterField, value: string, stepping: boolean) => {
    const next = { ...draft, [field.name]: value };
    setDraft(next);
    setProblems(({ [field.name]: _changed, ...rest }) => rest);
    const typed = isTextField(field);
    if (field.kind === "date" && isYearStillTyped(value)) {
      // Not applied at a pause: the navigation would take the field's half-typed year from under the typist.
      if (typing.current) clearTimeout(typing.current);
      typing.current = null;
      stepped.current = next;
      return;
    }
    if (!typed && !stepping) return apply(next, "push");
    if (typing.current) clearTimeout(typing.current);
    stepped.current = typed ? null : next;
    // Typing replaces the history entry rather than adding one per pause; a value stepped to is one choice, pushed.
    typing.current = setTimeout(() => apply(next, typed ? "replace" : "push"), TEXT_APPLY_DELAY_MS);
  };
  const leave = () => {
    if (stepped.current) apply(stepped.current, "push");
  };

  const search = fields.find((field) => field.kind === "search");
  const folded = fields.filter((field) => field !== search);
  const activeCount = folded.filter((field) => isNarrowing(field) && (draft[field.name] ?? "") !== "").length;
  const anyActive = fields.some((field) => isNarrowing(field) && (values[field.name] ?? "") !== "");
  const controlId = (field: FilterField, idSuffix: string) => `${path.split("?")[0]!.replace(/\W+/g, "-").replace(/^-|-$/g, "")}-${field.name}${idSuffix}`;
  const control = (field: FilterField, idSuffix = "") => (
    <FilterControl key={field.name} id={controlId(field, idSuffix)} field={field} value={draft[field.name] ?? ""} error={errors[field.name] ?? problems[field.name]} onChange={(value, stepping) => change(field, value, stepping)} onLeave={leave} />
  );

  const resultStatus = (
    <p role="status" className="sr-only">
      {pending ? "Updating…" : announced}
    </p>
  );

  return (
    <form
      method="get"
      role="search"
      aria-label={label}
      className="grid gap-3 md:rounded-lg md:border md:p-4"
      onSubmit={(event) => {
        // Enter in a text field applies at once instead of waiting for the pause.
        event.preventDefault();
        apply(draft, "push");
      }}
    >
      {/* Without a search field this row holds only the phone's Filters button, so it is not there at desktop width. */}
      <div className={search ? "flex items-start gap-2" : "flex items-start gap-2 md:hidden"}>
        {search ? <div className="min-w-0 flex-1 md:max-w-xl">{control(search)}</div> : null}
        <Button
          type="button"
          variant="outline"
          aria-haspopup="dialog"
          aria-expanded={sheetOpen}
          // Opened before its code is in: busy, not disabled, which would drop the focus that closing it gives back.
          aria-busy={sheetLoading || undefined}
          className={search ? "mt-[1.375rem] md:hidden" : "w-full md:hidden"}
          onPointerEnter={wantSheet}
          onFocus={wantSheet}
          onClick={() => {
            wantSheet();
            setSheetOpen(true);
          }}
        >
          {sheetLoading ? <Loader2 aria-hidden className="animate-spin motion-reduce:animate-none" /> : <SlidersHorizontal aria-hidden />} Filters
          {activeCount > 0 ? (
            <Badge variant="secondary" className="ml-0.5 px-1.5">
              {activeCount}
              <span className="sr-only"> active</span>
            </Badge>
          ) : null}
        </Button>
        {FilterSheet ? (
          <FilterSheet open={sheetOpen} onOpenChange={setSheetOpen}>
            {/* The page behind an open sheet is hidden from screen readers, its status line with it. */}
            {resultStatus}
            <div className="grid gap-3">{folded.map((field) => control(field, "-sheet"))}</div>
            {note ? <p className="text-muted-foreground text-xs">{note}</p> : null}
            <div className="flex items-center justify-between gap-2 pt-2">
              <Button asChild variant="ghost">
                <Link href={path} onClick={() => setSheetOpen(false)}>
                  Clear filters
                </Link>
              </Button>
              <Button type="button" onClick={showResults} aria-busy={pending}>
                {pending ? <Loader2 aria-hidden className="animate-spin motion-reduce:animate-none" /> : null}
                Show results
              </Button>
            </div>
          </FilterSheet>
        ) : null}
      </div>
      {/* Outside every width-dependent box: at phone width the row below is display:none, and would say nothing. */}
      {resultStatus}
      {/* At phone width these live in the sheet instead (rendered there with their own ids while it is open). */}
      <div className="hidden gap-3 md:grid md:grid-cols-2 lg:grid-cols-4">{folded.map((field) => control(field))}</div>
      <div className="hidden flex-wrap items-center justify-between gap-2 md:flex">
        <p className="text-muted-foreground text-xs">
          {note ? `${note} ` : null}Filters apply as you change them.
        </p>
        <div className="flex items-center gap-2">
          <span aria-hidden className="text-muted-foreground inline-flex items-center gap-1 text-xs">
            {pending ? (
              <>
                <Loader2 aria-hidden className="size-3.5 animate-spin motion-reduce:animate-none" /> Updating…
              </>
            ) : null}
          </span>
          {anyActive ? (
            <Button asChild variant="ghost" size="sm">
              <Link href={path}>Clear filters</Link>
            </Button>
          ) : null}
        </div>
      </div>
    </form>
  );
}
