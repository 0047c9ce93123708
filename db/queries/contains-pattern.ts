/**
 * A LIKE/ILIKE pattern matching rows that contain `text` literally: `%`, `_` and `\` typed by a person are escaped,
 * so they match themselves instead of acting as wildcards.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
