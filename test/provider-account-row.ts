import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { DbOrTx } from "@/db/client";

/**
 * Fails when any column of the provider account's row holds the secret: every column as text (to_jsonb: bytea as \x
 * hex, jsonb as JSON), searched for the secret as typed, as the hex of its characters and as the hex and base64 of
 * the bytes it encodes (base64url).
 */
export async function expectProviderAccountRowNotToHold(db: DbOrTx, accountId: string, secret: string): Promise<void> {
  const [row] = (await db.execute<{ row: string }>(sql`select to_jsonb(p)::text as row from provider_accounts p where p.id = ${accountId}`)).rows;
  expect(row, "no such provider account").toBeDefined();
  const columns = (
    await db.execute<{ column_name: string }>(sql`select column_name from information_schema.columns where table_schema = 'public' and table_name = 'provider_accounts'`)
  ).rows.map((column) => column.column_name);
  expect(Object.keys(JSON.parse(row!.row) as object).sort()).toEqual([...columns].sort());
  const text = row!.row.toLowerCase();
  const decoded = Buffer.from(secret, "base64url");
  for (const form of [secret, Buffer.from(secret).toString("hex"), decoded.toString("hex"), decoded.toString("base64")]) {
    expect(text.includes(form.toLowerCase()), `a column of provider_accounts holds the webhook secret (${form === secret ? "as typed" : "encoded"})`).toBe(false);
  }
}
