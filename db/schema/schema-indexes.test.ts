import { is, SQL } from "drizzle-orm";
import { getTableConfig, IndexedColumn, PgTable } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import * as schema from "./index";

type IndexColumn = { text: string; descending: boolean; nullsFirst: boolean; isId: boolean };

function sqlText(chunk: SQL): string {
  return chunk.queryChunks
    .map((part) => {
      if (typeof part === "object" && part !== null && "value" in part) return (part.value as string[]).join("");
      if (typeof part === "object" && part !== null && "name" in part) return `"${String(part.name)}"`;
      return String(part);
    })
    .join("");
}

function describeColumn(column: unknown): IndexColumn {
  if (is(column, IndexedColumn)) {
    const descending = column.indexConfig.order === "desc";
    return { text: column.name ?? "?", descending, nullsFirst: column.indexConfig.nulls === "first", isId: column.name === "id" };
  }
  const text = sqlText(column as SQL).toLowerCase();
  return { text, descending: /\bdesc\b/.test(text), nullsFirst: /\bnulls first\b/.test(text), isId: false };
}

const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));
const indexes = tables.flatMap((table) => {
  const config = getTableConfig(table);
  return config.indexes.map((index) => ({
    table: config.name,
    name: index.config.name ?? "(unnamed)",
    method: index.config.method ?? "btree",
    columns: index.config.columns.map(describeColumn),
  }));
});

describe("schema indexes", () => {
  it("finds the schema's indexes", () => {
    expect(indexes.length).toBeGreaterThan(20);
  });

  // SQL's `ORDER BY x DESC` is NULLS FIRST; an index written DESC NULLS LAST (drizzle's bare `.desc()`) is never
  // walked in list order. Every DESC column must say NULLS FIRST (db/schema/index-order.ts, descending()).
  it.each(indexes.filter((index) => index.method === "btree"))("$name orders DESC columns NULLS FIRST, like ORDER BY … DESC", (index) => {
    const wrong = index.columns.filter((column) => column.descending && !column.nullsFirst).map((column) => column.text);
    expect(wrong, `${index.table}.${index.name}`).toEqual([]);
  });

  // A keyset page continues after (sort key, id): an index that lists in order must end with the tie-breaker.
  it.each(indexes.filter((index) => index.columns.some((column) => column.descending)))("$name ends with id (keyset tie-breaker)", (index) => {
    expect(index.columns.at(-1)?.isId, `${index.table}.${index.name}`).toBe(true);
  });
});
