import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { withE2eClient } from "./fixtures/cards-db";
import { secretsInLogs } from "./fixtures/leak-scan";
import { DEMO_PASSWORD } from "./fixtures/roles";
import { sandboxCardSecrets } from "./fixtures/sandbox";

/**
 * Runs after the whole end-to-end suite (its own Playwright project, depending on the others): dumps every table
 * of the database and the server's logs and looks for any card number or CVV the sandbox ever issued.
 */
test("no card number or CVV is stored or logged anywhere", async () => {
  const secrets = await sandboxCardSecrets();
  expect(secrets.length).toBeGreaterThan(5);
  const findings: string[] = [];
  await withE2eClient(async (client) => {
    const columns = await client.query<{ table_schema: string; table_name: string; column_name: string }>(
      `select table_schema, table_name, column_name from information_schema.columns
        where table_schema not in ('pg_catalog', 'information_schema')
          and column_name ~* '(cvv|cvc|card_?no$|card_?number|^pan$|^pin$)'`,
    );
    for (const column of columns.rows) findings.push(`column ${column.table_schema}.${column.table_name}.${column.column_name} exists`);

    const tables = await client.query<{ table_schema: string; table_name: string }>(
      `select table_schema, table_name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
    );
    expect(tables.rows.map((table) => table.table_name)).toEqual(expect.arrayContaining(["cards", "audit_log", "provider_orders"]));
    for (const table of tables.rows) {
      const name = `"${table.table_schema}"."${table.table_name}"`;
      const rows = await client.query<{ row: string }>(`select row_to_json(t)::text as row from ${name} t`);
      for (const { row } of rows.rows) {
        for (const secret of secrets) {
          if (row.includes(secret.cardNumber)) findings.push(`${name} holds the number of sandbox card ${secret.cardId}`);
          // A CVV is three digits: only meaningful beside its card, which is where a leak would put it.
          const besideItsCard = row.includes(secret.cardId) || row.includes(secret.cardNumber.slice(-4));
          if (besideItsCard && new RegExp(`(cvv|cvc)\\W{0,6}${secret.cvv}\\b`, "i").test(row)) findings.push(`${name} holds the CVV of ${secret.cardId}`);
        }
      }
    }
  });

  const logDir = path.join(".data", "e2e", "logs");
  expect(readdirSync(logDir)).toEqual(expect.arrayContaining(["web.log", "worker.log"]));
  // The demo password was typed at every sign-in and step-up of the suite; "wrong-password" at a refused one.
  findings.push(...secretsInLogs(logDir, secrets, [DEMO_PASSWORD, "wrong-password"]));
  expect(findings).toEqual([]);
});
