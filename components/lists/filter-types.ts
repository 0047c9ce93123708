/**
 * The shape of a list's filters, shared by every list screen (cards, audit, transactions, requests …). Everything here
 * is plain data, so a server page describes its filters and the client FilterBar renders and applies them.
 */

export type FilterOption = { value: string; label: string };
export type FilterOptionGroup = { label: string; options: FilterOption[] };

type FieldBase = {
  /** The query-string parameter, e.g. "status". */
  name: string;
  label: string;
  /** A line under the control, read with it by screen readers. */
  hint?: string;
};

export type FilterField =
  /** Free text, applied after a pause in typing. At phone width the (first) search stays in view. */
  | (FieldBase & { kind: "search"; placeholder?: string })
  /**
   * Another free-text filter (an email, an id, an amount), applied like the search. `check`: the form a value must
   * have (a regular expression's source, matched against the whole trimmed text) and what to say when it has not; a
   * value without it is not applied but marked on the field, as the list's parse would drop it.
   */
  | (FieldBase & { kind: "text"; placeholder?: string; check?: { pattern: string; message: string } })
  /** A UTC calendar day (YYYY-MM-DD), applied on change. */
  | (FieldBase & { kind: "date" })
  | (FieldBase & {
      kind: "select";
      /** The label of the empty "any" choice; leave out when a value is always chosen (a sort order). */
      anyLabel?: string;
      options?: FilterOption[];
      /** Options in labelled groups, shown after `options`. */
      groups?: FilterOptionGroup[];
      /**
       * For a choice that sets several parameters at once (a sort: field and direction): each option's value is a
       * query string over exactly these parameters, e.g. "sort=alias&dir=asc". Such a field is not counted as an
       * active filter.
       */
      params?: readonly string[];
    })
  /**
   * One person, found by typing (the server searches: an organisation may have 100,000 people). The value is their id;
   * `selected` is the currently filtered person's name, resolved by the server page within the viewer's visibility.
   */
  | (FieldBase & { kind: "person"; anyLabel: string; selected?: FilterOption });

/** Current values by field name, as text; "" or absent is "any". */
export type FilterValues = Record<string, string | undefined>;

/** How long typing (or stepping through a select or date from the keyboard) must pause before the filter applies. */
export const TEXT_APPLY_DELAY_MS = 400;

/**
 * A date input's value while its year is still being typed: Chromium fills the year from the right as the digits
 * come (0002, 0020, 0202, 2024), and each is a valid date. No list is filtered to a year before 1000, so such a value
 * waits for the fourth digit (or for the field to be left) however slowly it is typed.
 */
export function isYearStillTyped(value: string): boolean {
  return /^0\d{3}-\d{2}-\d{2}$/.test(value);
}

const TO_BEFORE_FROM = "To is before From.";
const MAX_BELOW_MIN = "The maximum is below the minimum.";

/**
 * What keeps these values from being applied, by field: a value not of its field's form, a "to" day before the "from"
 * day, a maximum below the minimum. The list's parse would drop each of them (showing, and exporting, more than was
 * asked for), so the bar marks them on their fields instead and leaves the list as it is.
 */
export function filterProblems(fields: readonly FilterField[], values: FilterValues): Record<string, string> {
  const found: Record<string, string> = {};
  const has = (name: string) => fields.some((field) => field.name === name);
  const value = (name: string) => (values[name] ?? "").trim();
  for (const field of fields) {
    if (field.kind === "text" && field.check && value(field.name) && !new RegExp(`^(?:${field.check.pattern})$`).test(value(field.name))) found[field.name] = field.check.message;
  }
  const [from, to] = [value("from"), value("to")];
  if (has("to") && from && to && to < from && !isYearStillTyped(from) && !isYearStillTyped(to)) found.to = TO_BEFORE_FROM;
  const [min, max] = [value("min"), value("max")];
  if (has("max") && min && max && !found.min && !found.max && Number(max) < Number(min)) found.max = MAX_BELOW_MIN;
  return found;
}

/** Whether a field narrows the list (a sort order does not), for the count on the phone's Filters button. */
export function isNarrowing(field: FilterField): boolean {
  return !(field.kind === "select" && field.params);
}

export function isTextField(field: FilterField): boolean {
  return field.kind === "search" || field.kind === "text";
}

/**
 * The list's URL for these values: the path's own parameters stay, empty values stay out, multi-parameter choices are spread into their
 * parameters, and no page cursor is carried over (a new filter starts from the first page).
 */
export function filterHref(path: string, fields: readonly FilterField[], values: FilterValues): string {
  // A path may carry parameters that are not filters and stay as they are (the requests list's tab).
  const [pathname = path, kept = ""] = path.split("?", 2);
  const params = new URLSearchParams(kept);
  for (const field of fields) {
    const value = (values[field.name] ?? "").trim();
    if (value === "") continue;
    if (field.kind === "select" && field.params) {
      const fragment = new URLSearchParams(value);
      for (const name of field.params) {
        const part = fragment.get(name);
        if (part) params.set(name, part);
      }
    } else params.set(field.name, value);
  }
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}
