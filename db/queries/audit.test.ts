import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { record } from "@/lib/audit/record";
import { contextOf, seedDemoActors, type DemoActors } from "@/lib/audit/test-actors";
import { visibilityFor } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { getAuditEvent, iterateAuditEvents, listAuditEvents, type AuditEvent } from "./audit";
import type { AuditFilters } from "@/lib/audit/filters";

const database = withTestDatabase();
let actors: DemoActors;
let operations: string;
let marketing: string;

function scopeOf(user: SessionUser) {
  const visibility = visibilityFor(user, "audit.view");
  if (!visibility) throw new Error(`${user.email} cannot view the audit log`);
  return { organizationId: user.organizationId, visibility };
}

async function list(user: SessionUser, filters: AuditFilters = {}, limit = 500): Promise<AuditEvent[]> {
  return (await listAuditEvents(database.db(), { ...scopeOf(user), filters, limit })).rows;
}

const summaries = (rows: AuditEvent[]) => rows.map((row) => `${row.actorEmail}:${row.action}:${row.targetId ?? "-"}`);

beforeAll(async () => {
  const db = database.db();
  actors = await seedDemoActors(db);
  operations = actors.manager.managedTeamIds[0]!;
  marketing = actors.manager2.managedTeamIds[0]!;
  const { employee, employee2, finance, manager } = actors;
  await record(db, contextOf(employee), { action: "auth.signed_in", targetType: "session", targetId: "s-1" });
  await record(db, contextOf(employee), { action: "card.frozen", targetType: "card", targetId: "card-ops", teamId: operations });
  await record(db, contextOf(employee2), { action: "card.frozen", targetType: "card", targetId: "card-mkt", teamId: marketing });
  await record(db, contextOf(finance), { action: "card.issued", targetType: "card", targetId: "card-ops", teamId: operations, summary: { alias: "Ads" } });
  await record(db, contextOf(manager), { action: "audit.exported", targetType: "audit_log", summary: { filters: {} } });
  await record(
    db,
    { organizationId: null, actorUserId: null, actorEmail: "intruder@evil.test", actorRoles: [], ip: "198.51.100.1", userAgent: "curl" },
    { action: "auth.sign_in_failed", outcome: "failure", summary: { reason: "unknown_email" } },
  );
  await record(
    db,
    { organizationId: randomUUID(), actorUserId: randomUUID(), actorEmail: "someone@other.test", actorRoles: ["admin"], ip: null, userAgent: null },
    { action: "card.issued", targetType: "card", targetId: "card-other-org" },
  );
});

describe("audit visibility", () => {
  it("gives auditors their organisation's rows only: not another organisation's, not the organisation-less ones", async () => {
    expect(summaries(await list(actors.auditor))).toEqual([
      "manager@demo.test:audit.exported:-",
      "finance@demo.test:card.issued:card-ops",
      "employee2@demo.test:card.frozen:card-mkt",
      "employee@demo.test:card.frozen:card-ops",
      "employee@demo.test:auth.signed_in:s-1",
    ]);
  });

  it("gives managers their team's rows plus their own actions only", async () => {
    expect(summaries(await list(actors.manager))).toEqual([
      "manager@demo.test:audit.exported:-",
      "finance@demo.test:card.issued:card-ops",
      "employee@demo.test:card.frozen:card-ops",
    ]);
    expect(summaries(await list(actors.manager2))).toEqual(["employee2@demo.test:card.frozen:card-mkt"]);
  });

  it("hides a row the user may not see from the detail lookup, and shows hashes to those who may", async () => {
    const [marketingRow] = await list(actors.auditor, { targetId: "card-mkt" });
    const db = database.db();
    await expect(getAuditEvent(db, { ...scopeOf(actors.manager), id: BigInt(marketingRow!.id) })).resolves.toBeNull();
    const detail = await getAuditEvent(db, { ...scopeOf(actors.manager2), id: BigInt(marketingRow!.id) });
    expect(detail).toMatchObject({ id: marketingRow!.id, action: "card.frozen", actorRoles: ["employee"], teamId: marketing });
    expect(detail!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(detail!.prevHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("audit filters", () => {
  it("finds the actor by name and by email, and never an organisation-less attempt", async () => {
    expect(summaries(await list(actors.auditor, { actor: "Eli" }))).toEqual(["employee@demo.test:card.frozen:card-ops", "employee@demo.test:auth.signed_in:s-1"]);
    expect(summaries(await list(actors.auditor, { actor: "EMPLOYEE@demo.test" }))).toHaveLength(2);
    expect(summaries(await list(actors.auditor, { actor: "intruder@evil.test" }))).toEqual([]);
    // LIKE wildcards in the text are literal characters, not "match anything".
    await expect(list(actors.auditor, { actor: "%" })).resolves.toEqual([]);
    await expect(list(actors.auditor, { actor: "_" })).resolves.toEqual([]);
  });

  it("filters on action, outcome and target", async () => {
    expect(summaries(await list(actors.auditor, { action: "card.frozen" }))).toHaveLength(2);
    expect(summaries(await list(actors.auditor, { outcome: "failure" }))).toEqual([]);
    expect(summaries(await list(actors.auditor, { targetType: "card", targetId: "card-ops" }))).toEqual([
      "finance@demo.test:card.issued:card-ops",
      "employee@demo.test:card.frozen:card-ops",
    ]);
    await expect(list(actors.auditor, { targetType: "request", targetId: "card-ops" })).resolves.toEqual([]);
  });

  it("treats dates as whole UTC days", async () => {
    const [newest] = await list(actors.auditor, {}, 1);
    const day = newest!.occurredAt.toISOString().slice(0, 10);
    const dayBefore = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const dayAfter = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await expect(list(actors.auditor, { from: day, to: day })).resolves.toHaveLength(5);
    await expect(list(actors.auditor, { to: dayBefore })).resolves.toEqual([]);
    await expect(list(actors.auditor, { from: dayAfter })).resolves.toEqual([]);
  });
});

describe("audit keyset pagination", () => {
  it("walks 120 rows older and back newer without gaps or repeats", async () => {
    const db = database.db();
    for (let index = 0; index < 120; index += 1) {
      await record(db, contextOf(actors.finance), { action: "card.updated", targetType: "card", targetId: `page-${index}` });
    }
    const scope = { ...scopeOf(actors.auditor), filters: { action: "card.updated" as const }, limit: 50 };
    const first = await listAuditEvents(db, scope);
    expect(first.rows).toHaveLength(50);
    expect(first.newerCursor).toBeNull();
    const second = await listAuditEvents(db, { ...scope, before: BigInt(first.olderCursor!) });
    const third = await listAuditEvents(db, { ...scope, before: BigInt(second.olderCursor!) });
    expect(third.rows).toHaveLength(20);
    expect(third.olderCursor).toBeNull();

    const ids = [...first.rows, ...second.rows, ...third.rows].map((row) => BigInt(row.id));
    expect(new Set(ids).size).toBe(120);
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)));
    expect(third.rows.at(-1)!.targetId).toBe("page-0");

    const backToSecond = await listAuditEvents(db, { ...scope, after: BigInt(third.newerCursor!) });
    expect(backToSecond.rows.map((row) => row.id)).toEqual(second.rows.map((row) => row.id));
    expect(backToSecond.newerCursor).not.toBeNull();
    expect(backToSecond.olderCursor).toBe(second.olderCursor);
    const backToFirst = await listAuditEvents(db, { ...scope, after: BigInt(backToSecond.newerCursor!) });
    expect(backToFirst.rows.map((row) => row.id)).toEqual(first.rows.map((row) => row.id));
    expect(backToFirst.newerCursor).toBeNull();
  });

  it("streams every matching row for the export in bounded batches, newest first", async () => {
    const batches: AuditEvent[][] = [];
    for await (const batch of iterateAuditEvents(database.db(), { ...scopeOf(actors.auditor), filters: { action: "card.updated" }, batchSize: 7 })) {
      batches.push(batch);
    }
    expect(batches.every((batch) => batch.length <= 7)).toBe(true);
    const targets = batches.flat().map((row) => row.targetId);
    expect(targets).toHaveLength(120);
    expect(targets[0]).toBe("page-119");
    expect(targets.at(-1)).toBe("page-0");
  });
});
