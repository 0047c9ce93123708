/** Everything a value holds, as text, for "this secret appears nowhere in it" checks (bigints and dates included). */
export function serializeAll(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item)) ?? "";
}
