import { z } from "zod";

// C0 controls other than tab, line feed and carriage return: NUL above all, which PostgreSQL text and jsonb refuse.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

// A high surrogate not followed by a low one, or a low one not preceded by a high one: not text, and not storable.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSAFE_TEXT_MESSAGE = "Contains characters that are not allowed (control characters or broken Unicode).";

/** True for text PostgreSQL cannot store or that no person typed: control characters and lone UTF-16 surrogates. */
export function hasUnsafeCharacters(value: string): boolean {
  return CONTROL.test(value) || LONE_SURROGATE.test(value);
}

/** For text that is recorded whatever it holds (an audit row about a bad request): the bad characters become U+FFFD. */
export function toStorableText(value: string): string {
  return value.replace(new RegExp(`${CONTROL.source}|${LONE_SURROGATE.source}`, "g"), "\uFFFD");
}

/**
 * Every string anywhere in a server action's input, as a path and message per offending field, so one check in the
 * guard covers every form without each schema repeating it.
 */
export function unsafeTextFields(value: unknown, path: string[] = []): Record<string, string> {
  const found: Record<string, string> = {};
  if (typeof value === "string") {
    if (hasUnsafeCharacters(value)) found[path.join(".") || "form"] = UNSAFE_TEXT_MESSAGE;
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => Object.assign(found, unsafeTextFields(item, [...path, String(index)])));
  } else if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      if (hasUnsafeCharacters(key)) found[[...path, toStorableText(key)].join(".")] = UNSAFE_TEXT_MESSAGE;
      else Object.assign(found, unsafeTextFields(item, [...path, key]));
    }
  }
  return found;
}

/** A zod string that refuses control characters and lone surrogates on its own field. */
export const safeString = () => z.string().refine((value) => !hasUnsafeCharacters(value), UNSAFE_TEXT_MESSAGE);
