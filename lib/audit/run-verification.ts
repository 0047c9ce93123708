import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import {
  claimQueuedVerification,
  countAuditRowsAfter,
  createVerification,
  failDeadVerifications,
  findActiveVerification,
  findQueuedVerification,
  findVerification,
  lastIntactVerification,
  updateRunningVerification,
  upgradeQueuedToFull,
  type AuditVerificationRow,
} from "@/db/queries/audit-verifications";
import { hasSeveralOrganizations } from "@/db/queries/organizations";
import { env } from "@/lib/env";
import { appendCheckpoint, CheckpointTampered, readLatestCheckpoint, type AuditCheckpoint } from "./anchor";
import { record, type AuditContext } from "./record";
import { verifyAuditChain, type ChainVerification } from "./verify";

const REQUEST_LOCK = 72_600_017;
/** An incremental run becomes a full one when the last full run is older than this. */
export const FULL_RUN_EVERY_HOURS = 24;
/** The schedule's period (the job's cron); the first scheduled run of each UTC day is a full one. */
export const SCHEDULE_EVERY_MINUTES = 15;
/** A running run whose worker wrote nothing for this long (it writes after every batch) is dead: it no longer blocks. */
export const DEAD_RUN_MINUTES = 10;

export type VerificationSettings = { key: string; anchorDir: string | null };

export function verificationSettings(): VerificationSettings {
  return { key: env().AUDIT_HMAC_KEY, anchorDir: env().AUDIT_ANCHOR_DIR ?? null };
}

/** The audit actor of a run nobody asked for: the scheduled job, by name. */
export const SCHEDULED_VERIFICATION_CONTEXT: AuditContext = {
  organizationId: null,
  actorUserId: null,
  actorEmail: "job:audit.verify-chain",
  actorRoles: [],
  ip: null,
  userAgent: "cardhub-worker",
};

/** Closes runs whose worker died (or that no worker wrote), then returns the run a new request would join. */
export async function activeVerification(db: DbOrTx): Promise<AuditVerificationRow | null> {
  await failDeadVerifications(db, DEAD_RUN_MINUTES);
  return findActiveVerification(db);
}

/**
 * Asks for a run (the audit page's button, the schedule). A live run already queued or running is joined instead of
 * starting a second walk of the chain (a queued one becomes full if a full run is asked for); a request is on record
 * either way.
 *
 * `behindRunning`: the day's full slot found a walk in progress (one at a time), so the full run waits behind it
 * instead: only a queued run is joined (and made full), and the first scheduled job after that walk ends runs it.
 * Without this the day's clock-driven full pass would be skipped whenever a run was still going at midnight. Only a
 * run it queues is on record.
 */
export async function requestVerification(
  db: Db,
  context: AuditContext,
  params: { kind: "incremental" | "full"; requestedByUserId: string | null },
  options: { behindRunning?: boolean } = {},
): Promise<{ verification: AuditVerificationRow; created: boolean }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${REQUEST_LOCK})`);
    let joined = options.behindRunning ? await findQueuedVerification(tx) : await activeVerification(tx);
    if (joined?.status === "queued" && joined.kind !== "full" && params.kind === "full") joined = (await upgradeQueuedToFull(tx, joined.id)) ?? joined;
    if (joined && options.behindRunning) return { verification: joined, created: false };
    const verification = joined ?? (await createVerification(tx, params));
    await record(tx, context, {
      action: "audit.verification_requested",
      targetType: "audit_verification",
      targetId: verification.id,
      summary: options.behindRunning ? { kind: verification.kind, queuedBehindRunning: true } : { kind: verification.kind, joinedRunning: joined !== null },
    });
    return { verification, created: joined === null };
  });
}

async function startingPoint(db: DbOrTx, kind: string, checkpoint: AuditCheckpoint | null): Promise<{ id: string; hash: string; rowCount: number } | undefined> {
  if (kind === "full") return undefined;
  if (checkpoint) return { id: checkpoint.lastId, hash: checkpoint.lastHash, rowCount: checkpoint.rowCount };
  // No anchor configured: the newest intact run in the database (weaker: the table is inside what it protects).
  const last = await lastIntactVerification(db, { fullOnly: false, notAfter: new Date() });
  if (!last?.lastId || !last.lastHash || last.rowCount === null) return undefined;
  return { id: last.lastId.toString(), hash: last.lastHash, rowCount: last.rowCount };
}

class RunClosed extends Error {}

async function stillRunning(written: Promise<boolean>): Promise<void> {
  if (!(await written)) throw new RunClosed();
}

/**
 * The job's work: walks the chain from the last verified row (or from the start for a full run), writes its
 * progress for the audit page, appends a signed checkpoint when the chain is intact, and records the outcome.
 * If the run is closed meanwhile (taken for dead), it stops at its next batch and records nothing.
 */
export async function runVerification(db: Db, verificationId: string, settings: VerificationSettings, context: AuditContext): Promise<AuditVerificationRow> {
  const current = async () => {
    const row = await findVerification(db, verificationId);
    if (!row) throw new Error(`no audit verification ${verificationId}`);
    return row;
  };
  const verification = await claimQueuedVerification(db, verificationId, new Date());
  // Running elsewhere, or finished: one walk per run, one outcome on record.
  if (!verification) return current();

  let result: ChainVerification;
  let fromId: string | undefined;
  try {
    const checkpoint = settings.anchorDir ? readLatestCheckpoint(settings.anchorDir, settings.key) : null;
    const from = await startingPoint(db, verification.kind, checkpoint);
    fromId = from?.id;
    await stillRunning(updateRunningVerification(db, verificationId, { fromId: from ? BigInt(from.id) : null, totalRows: await countAuditRowsAfter(db, BigInt(from?.id ?? 0)) }));
    result = await verifyAuditChain(db, {
      key: settings.key,
      from,
      checkpoint,
      onProgress: (checked) => stillRunning(updateRunningVerification(db, verificationId, { checkedRows: checked })),
    });
  } catch (error) {
    if (error instanceof RunClosed) return current();
    if (!(error instanceof CheckpointTampered)) {
      await updateRunningVerification(db, verificationId, { status: "failed", finishedAt: new Date(), reason: error instanceof Error ? error.message : "unknown error" });
      throw error;
    }
    result = { ok: false, checked: 0, firstBadId: "0", reason: error.message };
  }

  await db.transaction(async (tx) => {
    const finished = await updateRunningVerification(tx, verificationId, {
      status: result.ok ? "intact" : "broken",
      finishedAt: new Date(),
      checkedRows: result.checked,
      ...(result.ok
        ? { lastId: result.lastId ? BigInt(result.lastId) : null, lastHash: result.lastHash, rowCount: result.rowCount }
        : { firstBadId: /^\d+$/.test(result.firstBadId) ? BigInt(result.firstBadId) : null, reason: result.reason }),
    });
    if (!finished) return;
    if (result.ok && settings.anchorDir && result.lastId) {
      appendCheckpoint(settings.anchorDir, { lastId: result.lastId, lastHash: result.lastHash, rowCount: result.rowCount, createdAt: new Date().toISOString() }, settings.key);
    }
    // Security boundary: the chain is the whole installation's, so a member's own log keeps its counts, row ids and
    // reason only while no other organisation shares it (as the status they read, verification-detail.ts).
    const countsShown = context.organizationId === null || !(await hasSeveralOrganizations(tx));
    const detail = result.ok ? { checked: result.checked, fromId: fromId ?? null } : { checked: result.checked, firstBadId: result.firstBadId, reason: result.reason };
    await record(tx, context, {
      action: "audit.verified",
      outcome: result.ok ? "success" : "failure",
      targetType: "audit_verification",
      targetId: verificationId,
      summary: { kind: verification.kind, ...(countsShown ? detail : {}), ...(result.ok ? { anchored: Boolean(settings.anchorDir) } : {}) },
    });
  });
  return current();
}

/**
 * What the schedule asks for: incremental, or full. Security boundary: the app's own database role may write
 * audit_verifications, so no row of it may switch the daily full pass off (an incremental run cannot see an edit to a
 * row before its checkpoint). The first scheduled run of every UTC day is full by the clock alone; besides, a run is
 * full when no full run finished intact in the last day, counting only rows dated no later than now. A forged row can
 * spare the schedule this catch-up; a forged run that keeps writing its heartbeat delays every run, the daily one
 * queued behind it included (README says so); `npm run audit:verify` is always full.
 */
export async function scheduledKind(db: DbOrTx, now = new Date()): Promise<"incremental" | "full"> {
  if (isDailyFullSlot(now)) return "full";
  const lastFull = await lastIntactVerification(db, { fullOnly: true, notAfter: now });
  return !lastFull?.finishedAt || now.getTime() - lastFull.finishedAt.getTime() > FULL_RUN_EVERY_HOURS * 3_600_000 ? "full" : "incremental";
}

/** The first slot of the schedule in each UTC day, whose run is full by the clock alone. */
export function isDailyFullSlot(now: Date): boolean {
  return now.getUTCHours() === 0 && now.getUTCMinutes() < SCHEDULE_EVERY_MINUTES;
}

/** A full run, synchronously, recorded as one: for tests and for operators' scripts, never for a web request. */
export async function verifyAndRecord(db: Db, context: AuditContext, settings = verificationSettings()): Promise<ChainVerification> {
  const result = await verifyAuditChain(db, { key: settings.key });
  await record(db, context, {
    action: "audit.verified",
    outcome: result.ok ? "success" : "failure",
    targetType: "audit_log",
    summary: result.ok ? { checked: result.checked } : { checked: result.checked, firstBadId: result.firstBadId, reason: result.reason },
  });
  return result;
}
