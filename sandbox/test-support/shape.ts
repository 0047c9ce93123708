/**
 * Structural comparison against the literal JSON examples of the provider documents: same keys,
 * same JSON types, same envelope. A null in the example accepts any value (the documents show
 * nullable fields as null); v1 placeholders ("<double>", "<string>", ...) name a type and accept null.
 */
const PLACEHOLDER_TYPES: Record<string, string> = {
  "<double>": "number",
  "<integer>": "number",
  "<boolean>": "boolean",
  "<string>": "string",
  "<dateTime>": "string",
};

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function allPlaceholders(value: unknown): boolean {
  if (typeof value === "string") return value in PLACEHOLDER_TYPES;
  if (value && typeof value === "object" && !Array.isArray(value)) return Object.values(value).every(allPlaceholders);
  return false;
}

export interface ShapeOptions {
  /** JSON paths (like "$.data.cardNumber") allowed in the answer although the example lacks them. */
  allowExtra?: string[];
}

export function shapeDiff(expected: unknown, actual: unknown, options: ShapeOptions = {}, path = "$"): string[] {
  if (expected === null) return [];
  if (typeof expected === "string" && PLACEHOLDER_TYPES[expected]) {
    const want = PLACEHOLDER_TYPES[expected];
    return actual === null || typeOf(actual) === want ? [] : [`${path}: expected ${want}, got ${typeOf(actual)}`];
  }
  // An object of placeholders (v1 transactions) says nothing about presence, so null is accepted.
  if (actual === null && allPlaceholders(expected)) return [];
  if (typeOf(expected) !== typeOf(actual)) return [`${path}: expected ${typeOf(expected)}, got ${typeOf(actual)}`];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length === 0) return [];
    const diffs: string[] = [];
    actual.forEach((item, i) => {
      // An element may match any of the example's elements (they differ in which fields are null).
      const candidates = expected.map((e) => shapeDiff(e, item, options, `${path}[${i}]`));
      const best = candidates.reduce((a, b) => (b.length < a.length ? b : a));
      diffs.push(...best);
    });
    return diffs;
  }
  if (typeOf(expected) === "object") {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const diffs: string[] = [];
    for (const key of Object.keys(e)) {
      if (!(key in a)) diffs.push(`${path}.${key}: missing`);
      else diffs.push(...shapeDiff(e[key], a[key], options, `${path}.${key}`));
    }
    for (const key of Object.keys(a)) {
      if (!(key in e) && !options.allowExtra?.includes(`${path}.${key}`)) diffs.push(`${path}.${key}: not in the document example`);
    }
    return diffs;
  }
  return [];
}

export async function loadFixture(name: string): Promise<{ source: string; example: unknown }> {
  const { readFile } = await import("node:fs/promises");
  const { fileURLToPath } = await import("node:url");
  const file = fileURLToPath(new URL(`../fixtures/${name}.json`, import.meta.url));
  return JSON.parse(await readFile(file, "utf8")) as { source: string; example: unknown };
}
