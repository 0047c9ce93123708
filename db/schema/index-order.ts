import type { ExtraConfigColumn } from "drizzle-orm/pg-core";

/**
 * The index column for a list ordered `x DESC`. SQL's `ORDER BY x DESC` means NULLS FIRST while drizzle's `.desc()`
 * alone writes DESC NULLS LAST, and PostgreSQL walks an index in list order only when both agree (DESIGN.md, Indexes).
 * schema-indexes.test.ts refuses any index column that is DESC NULLS LAST.
 */
export function descending(column: ExtraConfigColumn): ReturnType<ExtraConfigColumn["nullsFirst"]> {
  return column.desc().nullsFirst();
}
