import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { latestVerification } from "@/db/queries/audit-verifications";
import { auditVerifications } from "@/db/schema/audit-verifications";
import { verifyAuditChainJob } from "@/lib/jobs/verify-audit-chain-job";
import { withTestDatabase } from "@/test/database";
import { outsideDailyFullSlot } from "@/test/outside-daily-full-slot";
import { appendCheckpoint, CHECKPOINT_FILE, readLatestCheckpoint } from "./anchor";
import { canonicalJson } from "./hash";
import { record } from "./record";
import { requestVerification, runVerification, SCHEDULED_VERIFICATION_CONTEXT, scheduledKind } from "./run-verification";
import { verifyAuditChain } from "./verify";

const database = withTestDatabase();
outsideDailyFullSlot();
const key = () => process.env.AUDIT_HMAC_KEY!;
const context = { organizationId: null, actorUserId: null, actorEmail: "finance@demo.test", actorRoles: ["finance"], ip: null, userAgent: "vitest" };

/** As the table's owner, with the trigger off: what an insider with database access can do. */
async function asInsider(statement: ReturnType<typeof sql>): Promise<void> {
  const db = database.db();
  await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
  await db.execute(sql`alter table audit_log disable trigger audit_log_no_truncate`);
  try {
    await db.execute(statement);
  } finally {
    await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    await db.execute(sql`alter table audit_log enable trigger audit_log_no_truncate`);
  }
}

async function freshChain(rows: number): Promise<void> {
  await asInsider(sql`truncate audit_log`);
  await database.db().delete(auditVerifications);
  for (let index = 0; index < rows; index += 1) {
    await record(database.db(), context, { action: "card.topped_up", targetType: "card", targetId: `card-${index}`, summary: { amount: index } });
  }
}

/** Recomputes every hash from a row on with plain SHA-256: the rewrite that passed before the chain had a key. */
async function rehashWithoutKey(fromId: bigint): Promise<void> {
  const db = database.db();
  const rows = await db.select().from(auditLog).orderBy(asc(auditLog.id));
  let previous = rows.find((row) => row.id < fromId && rows[rows.indexOf(row) + 1]?.id === fromId)?.hash ?? "0".repeat(64);
  for (const row of rows.filter((candidate) => candidate.id >= fromId)) {
    const { id: _id, prevHash: _prev, hash: _hash, ...content } = row;
    const hash = createHash("sha256").update(canonicalJson({ ...content, occurredAt: content.occurredAt.toISOString(), prevHash: previous })).digest("hex");
    await asInsider(sql`update audit_log set prev_hash = ${previous}, hash = ${hash} where id = ${row.id}`);
    previous = hash;
  }
}

async function verificationRuns() {
  return database.db().select().from(auditVerifications).orderBy(asc(auditVerifications.requestedAt));
}

let anchorDir: string;
beforeEach(() => {
  anchorDir = mkdtempSync(path.join(tmpdir(), "cardhub-anchor-"));
});

describe("rows written by the app", () => {
  it("verify when an id reached record() in capitals: the hash covers the id as PostgreSQL stores it", async () => {
    await freshChain(1);
    const id = "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11";
    await record(database.db(), { ...context, organizationId: id, actorUserId: id }, { action: "card.reassigned", targetType: "card", targetId: "card-x", teamId: id });
    await record(database.db(), context, { action: "card.topped_up", targetType: "card", targetId: "card-y" });
    await expect(verifyAuditChain(database.db(), { key: key() })).resolves.toMatchObject({ ok: true, checked: 3 });
  });
});

describe("the four tampering scenarios", () => {
  it("an edited row with every later hash recomputed (without the key) is named", async () => {
    await freshChain(5);
    const rows = await database.db().select({ id: auditLog.id }).from(auditLog).orderBy(asc(auditLog.id));
    await asInsider(sql`update audit_log set target_id = 'card-x' where id = ${rows[2]!.id}`);
    await rehashWithoutKey(rows[2]!.id);
    await expect(verifyAuditChain(database.db(), { key: key() })).resolves.toMatchObject({ ok: false, firstBadId: rows[2]!.id.toString(), reason: expect.stringMatching(/^content does not match its hash: it carries an unkeyed SHA-256/) });
  });

  it("a chain re-signed with another key is refused from its first row", async () => {
    await freshChain(3);
    await expect(verifyAuditChain(database.db(), { key: "another-key-of-at-least-thirty-two-characters" })).resolves.toMatchObject({ ok: false, checked: 0 });
  });

  it("a deleted middle row breaks the link after it", async () => {
    await freshChain(4);
    const rows = await database.db().select({ id: auditLog.id }).from(auditLog).orderBy(asc(auditLog.id));
    await asInsider(sql`delete from audit_log where id = ${rows[1]!.id}`);
    await expect(verifyAuditChain(database.db(), { key: key() })).resolves.toMatchObject({ ok: false, firstBadId: rows[2]!.id.toString(), reason: "does not link to the row before it" });
  });

  it("the newest rows deleted are caught by the signed checkpoint outside the table", async () => {
    await freshChain(6);
    const intact = await verifyAuditChain(database.db(), { key: key() });
    if (!intact.ok) throw new Error("expected an intact chain");
    appendCheckpoint(anchorDir, { lastId: intact.lastId!, lastHash: intact.lastHash, rowCount: intact.rowCount, createdAt: new Date().toISOString() }, key());
    const rows = await database.db().select({ id: auditLog.id }).from(auditLog).orderBy(asc(auditLog.id));
    await asInsider(sql`delete from audit_log where id >= ${rows[4]!.id}`);
    // Without the anchor the shortened chain looks whole; with it, the cut is named.
    await expect(verifyAuditChain(database.db(), { key: key() })).resolves.toMatchObject({ ok: true });
    const checkpoint = readLatestCheckpoint(anchorDir, key());
    await expect(verifyAuditChain(database.db(), { key: key(), checkpoint })).resolves.toMatchObject({ ok: false, reason: expect.stringMatching(/rows are missing/) });
  });

  it("a forged or edited checkpoint is refused", async () => {
    appendCheckpoint(anchorDir, { lastId: "1", lastHash: "a".repeat(64), rowCount: 1, createdAt: "2026-01-01T00:00:00.000Z" }, key());
    const file = path.join(anchorDir, CHECKPOINT_FILE);
    writeFileSync(file, readFileSync(file, "utf8").replace('"rowCount":1', '"rowCount":0'));
    expect(() => readLatestCheckpoint(anchorDir, key())).toThrow(/valid signature/);
  });
});

describe("the verification job's runs", () => {
  it("walks only the rows after the last checkpoint, reports progress, and anchors what it verified", async () => {
    await freshChain(30);
    const settings = { key: key(), anchorDir };
    const first = await requestVerification(database.db(), context, { kind: "full", requestedByUserId: null });
    const full = await runVerification(database.db(), first.verification.id, settings, SCHEDULED_VERIFICATION_CONTEXT);
    // 30 rows plus the request's own audit row.
    expect(full).toMatchObject({ status: "intact", kind: "full", checkedRows: 31, totalRows: 31, rowCount: 31 });
    expect(readLatestCheckpoint(anchorDir, key())).toMatchObject({ rowCount: 31 });

    for (let index = 0; index < 4; index += 1) await record(database.db(), context, { action: "card.frozen", targetType: "card", targetId: `late-${index}` });
    const second = await requestVerification(database.db(), context, { kind: "incremental", requestedByUserId: null });
    const incremental = await runVerification(database.db(), second.verification.id, settings, SCHEDULED_VERIFICATION_CONTEXT);
    // The previous run's "audit.verified" row, the four new rows and this request's row: nothing before the anchor.
    expect(incremental).toMatchObject({ status: "intact", kind: "incremental", checkedRows: 6, fromId: BigInt(readLatestCheckpoint(anchorDir, key())!.lastId) - 6n });
  });

  it("an incremental run still notices a row changed at its starting point", async () => {
    await freshChain(5);
    const settings = { key: key(), anchorDir };
    const first = await requestVerification(database.db(), context, { kind: "full", requestedByUserId: null });
    await runVerification(database.db(), first.verification.id, settings, SCHEDULED_VERIFICATION_CONTEXT);
    const anchor = readLatestCheckpoint(anchorDir, key())!;
    await asInsider(sql`update audit_log set hash = ${"b".repeat(64)} where id = ${BigInt(anchor.lastId)}`);
    const second = await requestVerification(database.db(), context, { kind: "incremental", requestedByUserId: null });
    const run = await runVerification(database.db(), second.verification.id, settings, SCHEDULED_VERIFICATION_CONTEXT);
    expect(run).toMatchObject({ status: "broken", firstBadId: BigInt(anchor.lastId) });
    const [row] = await database.db().select().from(auditLog).where(eq(auditLog.action, "audit.verified")).orderBy(sql`id desc`).limit(1);
    expect(row).toMatchObject({ outcome: "failure", actorEmail: "job:audit.verify-chain" });
  });

  it("walks a run once when two workers are handed it at the same time", async () => {
    await freshChain(3);
    const { verification } = await requestVerification(database.db(), context, { kind: "full", requestedByUserId: null });
    const settings = { key: key(), anchorDir };
    const runs = await Promise.all([
      runVerification(database.db(), verification.id, settings, SCHEDULED_VERIFICATION_CONTEXT),
      runVerification(database.db(), verification.id, settings, SCHEDULED_VERIFICATION_CONTEXT),
    ]);
    const outcomes = await database.db().select().from(auditLog).where(eq(auditLog.action, "audit.verified"));
    expect(outcomes).toHaveLength(1);
    expect(readFileSync(path.join(anchorDir, CHECKPOINT_FILE), "utf8").trim().split("\n")).toHaveLength(1);
    const [after] = await database.db().select().from(auditVerifications).where(eq(auditVerifications.id, verification.id));
    expect(after?.status).toBe("intact");
    expect(runs.map((run) => run.id)).toEqual([verification.id, verification.id]);
  });

  it("joins a run already queued instead of starting a second one, and runs a full pass daily", async () => {
    await freshChain(1);
    const [a, b] = await Promise.all([
      requestVerification(database.db(), context, { kind: "incremental", requestedByUserId: null }),
      requestVerification(database.db(), context, { kind: "incremental", requestedByUserId: null }),
    ]);
    expect(a.verification.id).toBe(b.verification.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(await scheduledKind(database.db())).toBe("full");
    await runVerification(database.db(), a.verification.id, { key: key(), anchorDir }, SCHEDULED_VERIFICATION_CONTEXT);
    await database.db().update(auditVerifications).set({ kind: "full" });
    expect(await scheduledKind(database.db(), new Date())).toBe("incremental");
    expect(await scheduledKind(database.db(), new Date(Date.now() + 25 * 3_600_000))).toBe("full");
  });

  it("a full request joins a queued incremental run and makes it full", async () => {
    await freshChain(1);
    const queued = await requestVerification(database.db(), context, { kind: "incremental", requestedByUserId: null });
    const joined = await requestVerification(database.db(), context, { kind: "full", requestedByUserId: null });
    expect(joined).toMatchObject({ created: false, verification: { id: queued.verification.id, kind: "full", status: "queued" } });
  });

  it("each way of asking for a run leaves its own request row: always from the page, once behind a walk at the day's full slot", async () => {
    await freshChain(1);
    const db = database.db();
    const requests = async () =>
      (await db.select().from(auditLog).where(eq(auditLog.action, "audit.verification_requested")).orderBy(asc(auditLog.id))).map((row) => ({
        actor: row.actorEmail,
        targetId: row.targetId,
        summary: row.summary,
      }));
    const atDailyFullSlot = async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      try {
        vi.setSystemTime(new Date("2026-12-03T00:00:30Z"));
        await verifyAuditChainJob.run({}, db);
      } finally {
        vi.useRealTimers();
      }
    };

    const walking = await requestVerification(db, context, { kind: "incremental", requestedByUserId: null });
    expect(await requestVerification(db, context, { kind: "full", requestedByUserId: null })).toMatchObject({ created: false, verification: { id: walking.verification.id, kind: "full" } });
    await db.update(auditVerifications).set({ status: "running", startedAt: sql`clock_timestamp()`, heartbeatAt: sql`clock_timestamp()` });

    await atDailyFullSlot();
    const [behind] = await db.select().from(auditVerifications).where(eq(auditVerifications.status, "queued"));
    expect(behind).toMatchObject({ kind: "full", requestedByUserId: null });
    // A queued run made incremental again is made full by the next daily slot, which records nothing more.
    await db.update(auditVerifications).set({ kind: "incremental" }).where(eq(auditVerifications.id, behind!.id));
    await atDailyFullSlot();
    await atDailyFullSlot();
    expect((await verificationRuns()).map((run) => [run.id, run.kind, run.status])).toEqual([
      [walking.verification.id, "full", "running"],
      [behind!.id, "full", "queued"],
    ]);
    // The page, meanwhile, joins the walk in progress.
    expect(await requestVerification(db, context, { kind: "incremental", requestedByUserId: null })).toMatchObject({ created: false, verification: { id: walking.verification.id } });

    expect(await requests()).toEqual([
      { actor: "finance@demo.test", targetId: walking.verification.id, summary: { kind: "incremental", joinedRunning: false } },
      { actor: "finance@demo.test", targetId: walking.verification.id, summary: { kind: "full", joinedRunning: true } },
      { actor: "job:audit.verify-chain", targetId: behind!.id, summary: { kind: "full", queuedBehindRunning: true } },
      { actor: "finance@demo.test", targetId: walking.verification.id, summary: { kind: "full", joinedRunning: true } },
    ]);
  });
});

describe("the schedule cannot be switched off through audit_verifications (the app's role may write it)", () => {
  it("a forged 'full, intact' run dated in the future does not count, nor is it shown as the latest run", async () => {
    await freshChain(2);
    await database.db().execute(
      sql`insert into audit_verifications (kind, status, requested_at, finished_at) values ('full', 'intact', now() + interval '50 years', now() + interval '50 years')`,
    );
    expect(await scheduledKind(database.db(), new Date(Date.now() + 3 * 86_400_000))).toBe("full");
    expect(await latestVerification(database.db())).toBeNull();
    // Finished an hour from now: not yet.
    await database.db().execute(sql`insert into audit_verifications (kind, status, requested_at, finished_at) values ('full', 'intact', now(), now() + interval '1 hour')`);
    expect(await scheduledKind(database.db(), new Date())).toBe("full");
  });

  it("the first scheduled run of a UTC day is full by the clock, whatever the table says about the last full run", async () => {
    await freshChain(2);
    const { verification } = await requestVerification(database.db(), context, { kind: "full", requestedByUserId: null });
    await runVerification(database.db(), verification.id, { key: key(), anchorDir }, SCHEDULED_VERIFICATION_CONTEXT);
    const midnight = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1));
    const lateEvening = new Date(midnight.getTime() - 3_600_000);
    await database.db().update(auditVerifications).set({ requestedAt: lateEvening, startedAt: lateEvening, finishedAt: lateEvening });
    expect(await scheduledKind(database.db(), new Date(midnight.getTime() + 5 * 60_000))).toBe("full");
    expect(await scheduledKind(database.db(), new Date(midnight.getTime() + 60 * 60_000))).toBe("incremental");
  });

  it("a forged 'running' run with a start in the future stops neither the scheduled job nor a request from the page", async () => {
    await freshChain(2);
    await database.db().execute(sql`insert into audit_verifications (kind, status, requested_at, started_at) values ('full', 'running', now() - interval '1 day', now() + interval '50 years')`);
    await verifyAuditChainJob.run({}, database.db());
    const runs = await verificationRuns();
    expect(runs.map((run) => run.status)).toEqual(["failed", "intact"]);
    expect(runs[0]).toMatchObject({ reason: "the worker stopped during the run" });

    await database.db().execute(sql`insert into audit_verifications (kind, status, requested_at, started_at, heartbeat_at) values ('full', 'running', now(), now(), now() + interval '1 day')`);
    const request = await requestVerification(database.db(), context, { kind: "full", requestedByUserId: null });
    expect(request).toMatchObject({ created: true, verification: { status: "queued" } });
  });

  it("a run whose worker has shown no sign of life for 10 minutes is closed and replaced; a long run still writing is left to walk alone", async () => {
    await freshChain(2);
    const [live] = await database
      .db()
      .insert(auditVerifications)
      .values({ kind: "full", status: "running", requestedAt: new Date(Date.now() - 2 * 3_600_000), startedAt: new Date(Date.now() - 2 * 3_600_000), heartbeatAt: sql`clock_timestamp() - interval '1 minute'` })
      .returning();
    await verifyAuditChainJob.run({}, database.db());
    expect(await verificationRuns()).toEqual([expect.objectContaining({ id: live!.id, status: "running" })]);
    expect(await requestVerification(database.db(), context, { kind: "full", requestedByUserId: null })).toMatchObject({ created: false, verification: { id: live!.id } });

    // Liveness is judged by the database's clock, so the worker's silence is measured on it too.
    await database.db().update(auditVerifications).set({ heartbeatAt: sql`clock_timestamp() - interval '11 minutes'` });
    await verifyAuditChainJob.run({}, database.db());
    const runs = await verificationRuns();
    expect(runs.map((run) => [run.id === live!.id, run.status])).toEqual([
      [true, "failed"],
      [false, "intact"],
    ]);
  });
});
