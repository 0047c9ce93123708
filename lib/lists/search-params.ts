import { z } from "zod";
import { hasUnsafeCharacters } from "@/lib/validation/safe-text";

/**
 * The query-string parsing every list shares (cards, transactions, requests): each parameter is validated on its own,
 * a bad one is dropped with a notice and the rest still apply; page cursors are base64url JSON checked field by field.
 */

export type RawSearchParams = Record<string, string | string[] | undefined>;

/** A page's query as Next gives it, back as URLSearchParams: each value of a repeated parameter, in order. */
export function asSearchParams(raw: RawSearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, one);
  }
  return params;
}

/** A parameter a list could not use, with why, for the notice above the list. */
export type IgnoredParam<Field extends string = string> = { field: Field; label: string; message: string };

export const INVALID_PAGE = "The page link is not valid, so the first page is shown.";

/** The first non-blank value of a parameter, from a page's searchParams or a route handler's URL. */
export function firstParam(raw: RawSearchParams | URLSearchParams, field: string): string | undefined {
  const value = raw instanceof URLSearchParams ? raw.get(field) : raw[field];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === "string" && text.trim() !== "" ? text : undefined;
}

/** How many different non-blank values a parameter was given (a hand-edited link can repeat one: status=a&status=b). */
function distinctValues(raw: RawSearchParams | URLSearchParams, field: string): number {
  const all = (raw instanceof URLSearchParams ? raw : asSearchParams(raw)).getAll(field);
  return new Set(all.filter((text) => text.trim() !== "")).size;
}

export const GIVEN_TWICE = "Given more than once; only the first value is used.";

type Parsed<Schemas extends Record<string, z.ZodType>> = Partial<{ [Field in keyof Schemas]: z.output<Schemas[Field]> }>;

/**
 * Each parameter named in `schemas`, parsed on its own. Text no person typed (control characters, broken Unicode) is
 * refused before its schema sees it. A parameter given several different values keeps its first, with a notice. A pair of page cursors (`after` and `before` together) is refused as a whole.
 */
export function parseEachParam<Schemas extends Record<string, z.ZodType>>(
  raw: RawSearchParams | URLSearchParams,
  schemas: Schemas,
  labels: { [Field in keyof Schemas]: string },
): { values: Parsed<Schemas>; ignored: IgnoredParam<keyof Schemas & string>[] } {
  type Field = keyof Schemas & string;
  const values: Parsed<Schemas> = {};
  const ignored: IgnoredParam<Field>[] = [];
  for (const field of Object.keys(schemas) as Field[]) {
    const text = firstParam(raw, field);
    if (text === undefined) continue;
    const label = labels[field];
    if (hasUnsafeCharacters(text)) {
      ignored.push({ field, label, message: `${label} contains characters that are not allowed, so it was ignored.` });
      continue;
    }
    const result = schemas[field]!.safeParse(text);
    if (result.success) values[field] = result.data as Parsed<Schemas>[Field];
    else ignored.push({ field, label, message: result.error.issues[0]?.message ?? "Ignored." });
    // A list filters by one value of each: the others are named as unused, never dropped in silence.
    if (result.success && distinctValues(raw, field) > 1) ignored.push({ field, label, message: GIVEN_TWICE });
  }
  if ("after" in values && "before" in values) {
    ignored.push({ field: "before" as Field, label: "Page", message: INVALID_PAGE });
    delete values.after;
    delete values.before;
  }
  return { values, ignored };
}

/** A page cursor parameter: base64url JSON that must match `shape` exactly, or the first page is shown. */
export function cursorParam<Shape extends z.ZodType>(shape: Shape) {
  return z
    .string()
    .max(400)
    .transform((value, context): z.output<Shape> => {
      try {
        const parsed = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as unknown;
        const result = shape.safeParse(parsed);
        if (result.success) return result.data;
      } catch {
        // fall through to the issue below
      }
      context.addIssue({ code: "custom", message: INVALID_PAGE });
      return z.NEVER;
    });
}

export function encodeCursor(cursor: object): string {
  return Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
}

/** A "to" day before its "from" day: both are dropped with one notice, so the list is not silently empty. */
export function dropInvertedDateRange<Field extends string>(values: { from?: string; to?: string }, ignored: IgnoredParam<Field | "to">[]): void {
  if (values.from && values.to && values.from > values.to) {
    ignored.push({ field: "to", label: "To", message: "earlier than From; the date range was ignored." });
    delete values.from;
    delete values.to;
  }
}

/** The values keepOffered kept, to set on a search's filters; a dropped one (undefined) is left out, not set to undefined. */
export function keptValues<Key extends string>(kept: Record<Key, string | undefined>): Partial<Record<Key, string>> {
  const values: Partial<Record<Key, string>> = {};
  for (const [key, value] of Object.entries(kept) as [Key, string | undefined][]) if (value) values[key] = value;
  return values;
}

/** Why a well-formed value from the link was dropped: the viewer's filter bar offers no such choice. */
export function notOfferedMessage(things: string, every: string): string {
  return `Not one of the ${things} you can see; showing ${every}.`;
}

/**
 * A value from the link that the viewer's filter bar does not offer (another team's id, a deleted account's, a card
 * they may not see): a select cannot show it, so it would read "All …" over a list the value had filtered. It is
 * dropped before the query, with a notice as a malformed value is. Returns the value the query may apply.
 */
export function keepOffered<Field extends string>(
  ignored: IgnoredParam<Field>[],
  param: { field: Field; label: string; value: string | undefined; offered: (value: string) => boolean; message: string },
): string | undefined {
  if (param.value === undefined || param.offered(param.value)) return param.value;
  ignored.push({ field: param.field, label: param.label, message: param.message });
  return undefined;
}
