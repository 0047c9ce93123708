/**
 * Reading what an audit row recorded. Rows are history written by many versions of Cardhub, so a field may be missing
 * or of another type: each reader returns null (or an empty object) rather than trusting the shape.
 */

/** A non-blank string the row recorded, or null. */
export const recordedString = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : null);

/** A non-blank string or a number the row recorded, as text, or null. */
export const recordedText = (value: unknown): string | null => recordedString(value) ?? (typeof value === "number" ? String(value) : null);

/** A nested object the row recorded (a "before" or "after"), or an empty one. */
export const recordedObject = (value: unknown): Record<string, unknown> => (value && typeof value === "object" ? (value as Record<string, unknown>) : {});

/** "finance", "finance and auditor", "employee, manager and finance". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** "1 minute", "30 minutes". */
export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
