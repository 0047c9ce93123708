import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { parseCsv } from "./csv-read";
import { exportAuditCsv } from "./export";
import { record } from "./record";
import { contextOf, seedDemoActors, type DemoActors } from "./test-actors";
import { verifyAuditCsv } from "./verify-csv";

const database = withTestDatabase();
const run = promisify(execFile);
const folder = mkdtempSync(path.join(tmpdir(), "cardhub-csv-"));
let actors: DemoActors;
let exported: string;

async function auditVerifyCsv(file: string, ...flags: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/audit-verify.ts", "--csv", file, ...flags], {
      env: { ...process.env, AUDIT_HMAC_KEY: process.env.AUDIT_HMAC_KEY },
      timeout: 60_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

function write(name: string, text: string): string {
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return file;
}

beforeAll(async () => {
  const db = database.db();
  actors = await seedDemoActors(db);
  await record(db, { ...contextOf(actors.employee), userAgent: '=HYPERLINK("http://evil.test","x")' }, { action: "card.frozen", targetType: "card", targetId: "card-1", summary: { note: 'said "hi",\nthen left', amount: 1250 } });
  await record(db, { ...contextOf(actors.finance), userAgent: "'quoted" }, { action: "card.updated", targetType: "card", summary: { tags: ["a", "b"], nested: { z: 1, a: null } } });
  await record(db, { ...contextOf(actors.admin), userAgent: "\n=1+1" }, { action: "user.updated", targetType: "user", targetId: actors.employee.id });
  const operations = (await db.query.teams.findMany()).find((team) => team.name === "Operations")!;
  await record(db, contextOf(actors.admin), { action: "team.members_changed", targetType: "team", targetId: operations.id, summary: { added: [], removed: [] } });
  await record(db, contextOf(actors.admin), { action: "provider_account.tested", targetType: "provider_account", targetId: "00000000-0000-4000-8000-000000000001", summary: { label: "Cardepass sandbox" } });
  await record(db, contextOf(actors.admin), { action: "approval_policy.updated", targetType: "approval_policy", summary: {} });
  await record(db, contextOf(actors.finance), { action: "card.topped_up", targetType: "card", targetId: "card-2", summary: { alias: "Travel", amount: "1000", currency: "USD", fee: "25" } });
  const response = await exportAuditCsv(db, { user: actors.auditor, meta: { ip: null, userAgent: null }, searchParams: new URLSearchParams() });
  exported = await response.text();
});

describe("the audit CSV carries what an offline check needs", () => {
  it("has previous hash, own hash and the target's label", () => {
    const [header, ...rows] = parseCsv(exported);
    expect(header).toEqual(expect.arrayContaining(["prev_hash", "hash", "target_label", "organization_id"]));
    const user = rows.find((row) => row[header!.indexOf("action")] === "user.updated")!;
    expect(user[header!.indexOf("target_label")]).toBe(actors.employee.name);
    expect(user[header!.indexOf("hash")]).toMatch(/^[0-9a-f]{64}$/);
    // What the audit page's Target column names, for every kind it names; nothing where it names only the kind.
    const labelOf = (action: string) => rows.find((row) => row[header!.indexOf("action")] === action)![header!.indexOf("target_label")];
    expect(labelOf("team.members_changed")).toBe("Team Operations");
    expect(labelOf("provider_account.tested")).toBe("Provider account Cardepass sandbox");
    expect(labelOf("approval_policy.updated")).toBe("");
  });

  it("has each row's sentence as the page words it: money formatted, never the summary's minor units", () => {
    const [header, ...rows] = parseCsv(exported);
    const row = rows.find((cells) => cells[header!.indexOf("action")] === "card.topped_up")!;
    expect(row[header!.indexOf("description")]).toBe(`${actors.finance.name} topped up card “Travel” with $10.00, fee $0.25.`);
    expect(JSON.parse(row[header!.indexOf("summary")]!)).toMatchObject({ amount: "1000" });
  });

  it("verifies as one chain from the first row, quotes, formulas (one after a line feed) and apostrophes included", () => {
    expect(verifyAuditCsv(exported, process.env.AUDIT_HMAC_KEY!)).toMatchObject({ ok: true, segments: 1, fromGenesis: true });
  });
});

describe("npm run audit:verify -- --csv", () => {
  it("exits 0 on the file as exported", async () => {
    const result = await auditVerifyCsv(write("intact.csv", exported));
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/all \d+ rows match their hashes; 1 chain segment, starting at the first row/);
  });

  it("exits 1 naming the row whose cell was edited", async () => {
    const edited = exported.replace('"{""note"":""said \\""hi\\"",\\nthen left"",""amount"":1250}"', '"{""note"":""said \\""hi\\"",\\nthen left"",""amount"":125}"');
    expect(edited).not.toBe(exported);
    const result = await auditVerifyCsv(write("edited.csv", edited));
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/BROKEN: row \d+: its content does not match its hash/);
  });

  it("with --complete, exits 1 when a row was taken out of the file", async () => {
    const lines = exported.split("\r\n");
    const shortened = [...lines.slice(0, 2), ...lines.slice(3)].join("\r\n");
    expect((await auditVerifyCsv(write("shortened.csv", shortened))).code).toBe(0);
    const result = await auditVerifyCsv(write("shortened2.csv", shortened), "--complete");
    expect(result.code).toBe(1);
    expect(result.output).toContain("rows are missing");
  });

  it("exits 1 with another key, and 2 for a file that is not there", async () => {
    expect(verifyAuditCsv(exported, "a-different-key-of-at-least-thirty-two-chars")).toMatchObject({ ok: false });
    expect((await auditVerifyCsv(path.join(folder, "missing.csv"))).code).toBe(2);
  });
});
