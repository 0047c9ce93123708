import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";

const database = withTestDatabase();

describe("migrations", () => {
  it("create every table of the schema", async () => {
    const result = await database.db().execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const tables = result.rows.map((row) => row.table_name);
    for (const table of ["users", "cards", "provider_orders", "transactions", "audit_log", "sessions"]) {
      expect(tables).toContain(table);
    }
  });
});
