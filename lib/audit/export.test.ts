import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { auditLog } from "@/db/schema/audit";
import { withTestDatabase } from "@/test/database";
import { csvCell, csvLine } from "@/lib/csv/csv-line";
import { parseCsv } from "./csv-read";
import { auditCsvStream, exportAuditCsv, type AuditCsvRow } from "./export";
import { record } from "./record";
import { contextOf, seedDemoActors, type DemoActors } from "./test-actors";

const database = withTestDatabase();
let actors: DemoActors;
const meta = { ip: "203.0.113.9", userAgent: "vitest-export" };

beforeAll(async () => {
  const db = database.db();
  actors = await seedDemoActors(db);
  await record(db, { ...contextOf(actors.employee), userAgent: '=HYPERLINK("http://evil.test","x")' }, {
    action: "card.frozen",
    targetType: "card",
    targetId: "card-1",
    teamId: actors.manager.managedTeamIds[0],
    summary: { note: 'said "hi", then\nleft' },
  });
  await record(db, contextOf(actors.employee2), { action: "card.frozen", targetType: "card", targetId: "card-2", teamId: actors.manager2.managedTeamIds[0] });
});

async function lastRow(action: string) {
  const [row] = await database.db().select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).limit(1);
  return row;
}

describe("CSV cells", () => {
  it("quotes separators, quotes and line breaks, and defuses spreadsheet formulas", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
    expect(csvCell('a,"b"\nc')).toBe('"a,""b""\nc"');
    for (const formula of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx", "\n=1+1"]) expect(csvCell(formula).replace(/^"/, "")).toMatch(/^'/);
    // A leading line feed, like a carriage return (OWASP CSV injection): guarded, then quoted for the line break.
    expect(csvCell("\n=cmd|' /C calc'!A0")).toBe(`"'\n=cmd|' /C calc'!A0"`);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvLine(["a", null, "b"])).toBe("a,,b\r\n");
  });

  it("reads one batch per pull, so memory holds one batch however long the export", async () => {
    let requested = 0;
    async function* batches(): AsyncGenerator<AuditCsvRow[]> {
      for (let index = 0; index < 3; index += 1) {
        requested += 1;
        yield [];
      }
    }
    const reader = auditCsvStream(batches()).getReader();
    await reader.read();
    expect(requested).toBe(0);
    await reader.read();
    expect(requested).toBe(1);
    await reader.cancel();
    expect(requested).toBe(1);
  });
});

describe("audit CSV export", () => {
  it("refuses an employee and records the denial", async () => {
    const response = await exportAuditCsv(database.db(), { user: actors.employee, meta, searchParams: new URLSearchParams() });
    expect(response.status).toBe(403);
    expect(await lastRow("permission.denied")).toMatchObject({ actorEmail: "employee@demo.test", outcome: "denied", summary: { permission: "audit.export" } });
    expect(await lastRow("audit.exported")).toBeUndefined();
  });

  it("rejects bad filters with a message and exports nothing", async () => {
    const response = await exportAuditCsv(database.db(), { user: actors.auditor, meta, searchParams: new URLSearchParams("from=2025-13-01") });
    expect(response.status).toBe(400);
    // In the export's words: it refuses, so it says nothing of what the list does instead ("it was ignored").
    expect(await response.text()).toBe("The export filters are not valid: From: not a real date.");
    expect(await lastRow("audit.exported")).toBeUndefined();
  });

  it("answers dates the database cannot hold with a message, not a 500 or a cut-off file", async () => {
    for (const query of ["from=0000-01-01", "to=9999-12-31", "actor=a%00b", "after=99999999999999999999"]) {
      const response = await exportAuditCsv(database.db(), { user: actors.auditor, meta, searchParams: new URLSearchParams(query) });
      expect(response.status, query).toBe(400);
      expect(await response.text()).toMatch(/not valid/);
    }
  });

  it("records the export with its filters before streaming, then streams the matching rows as safe CSV", async () => {
    const response = await exportAuditCsv(database.db(), {
      user: actors.auditor,
      meta,
      searchParams: new URLSearchParams("action=card.frozen"),
      now: new Date("2025-04-01T10:20:30Z"),
    });
    // Nothing of the body has been read yet: the export must already be on record.
    expect(await lastRow("audit.exported")).toMatchObject({
      actorEmail: "auditor@demo.test",
      actorRoles: ["auditor"],
      ip: "203.0.113.9",
      summary: { format: "csv", scope: "all", filters: { action: "card.frozen" } },
    });
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="cardhub-audit-2025-04-01-10-20-30.csv"');
    expect(response.headers.get("cache-control")).toBe("no-store");

    const rows = parseCsv(await response.text());
    expect(rows[0]).toContain("actor_email");
    const body = rows.slice(1);
    expect(body.map((row) => row[8])).toEqual(["card-2", "card-1"]);
    const first = body[1]!;
    expect(first[2]).toBe("employee@demo.test");
    expect(first[4]).toBe("employee");
    expect(first[11]).toBe(`'=HYPERLINK("http://evil.test","x")`);
    expect(JSON.parse(first[12]!)).toEqual({ note: 'said "hi", then\nleft' });
  });

  it("gives a manager only their team's rows and their own", async () => {
    const response = await exportAuditCsv(database.db(), { user: actors.manager, meta, searchParams: new URLSearchParams() });
    const rows = parseCsv(await response.text()).slice(1);
    expect(rows.map((row) => `${row[2]}:${row[5]}`)).toEqual(["manager@demo.test:audit.exported", "employee@demo.test:card.frozen"]);
    const [own] = await database
      .db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "audit.exported"), eq(auditLog.actorEmail, "manager@demo.test")));
    expect(own?.summary).toMatchObject({ scope: "team" });
  });
});
