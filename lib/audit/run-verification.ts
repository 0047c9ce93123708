import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import {
  claimQueuedVerification,
  countAuditRowsAfter,
  createVerification,
  findActiveVerification,
  findVerification,
  lastIntactVerification,
  updateVerification,
  type AuditVerificationRow,
} from "@/db/queries/audit-verifications";
import { env } from "@/lib/env";
import { appendCheckpoint, CheckpointTampered, readLatestCheckpoint, type AuditCheckpoint } from "./anchor";
import { record, type AuditContext } from "./record";
import { verifyAuditChain, type ChainVerification } from "./verify";

const REQUEST_LOCK = 72_600_017;
/** An incremental run becomes a full one when the last full run is older than this. */
export const FULL_RUN_EVERY_HOURS = 24;

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

/**
 * Asks for a run (the audit page's button, the schedule). A run already queued or running is joined instead of
 * starting a second walk of the chain; a request is on record either way.
 */
export async function requestVerification(
  db: Db,
  context: AuditContext,
  params: { kind: "incremental" | "full"; requestedByUserId: string | null },
): Promise<{ verification: AuditVerificationRow; created: boolean }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${REQUEST_LOCK})`);
    const active = await findActiveVerification(tx);
    const verification = active ?? (await createVerification(tx, params));
    await record(tx, context, {
      action: "audit.verification_requested",
      targetType: "audit_verification",
      targetId: verification.id,
      summary: { kind: verification.kind, joinedRunning: active !== null },
    });
    return { verification, created: active === null };
  });
}

async function startingPoint(db: DbOrTx, kind: string, checkpoint: AuditCheckpoint | null): Promise<{ id: string; hash: string; rowCount: number } | undefined> {
  if (kind === "full") return undefined;
  if (checkpoint) return { id: checkpoint.lastId, hash: checkpoint.lastHash, rowCount: checkpoint.rowCount };
  // No anchor configured: the newest intact run in the database (weaker: the table is inside what it protects).
  const last = await lastIntactVerification(db, { fullOnly: false });
  if (!last?.lastId || !last.lastHash || last.rowCount === null) return undefined;
  return { id: last.lastId.toString(), hash: last.lastHash, rowCount: last.rowCount };
}

/**
 * The job's work: walks the chain from the last verified row (or from the start for a full run), writes its
 * progress for the audit page, appends a signed checkpoint when the chain is intact, and records the outcome.
 */
export async function runVerification(db: Db, verificationId: string, settings: VerificationSettings, context: AuditContext): Promise<AuditVerificationRow> {
  const verification = await claimQueuedVerification(db, verificationId, new Date());
  if (!verification) {
    // Running elsewhere, or finished: one walk per run, one outcome on record.
    const current = await findVerification(db, verificationId);
    if (!current) throw new Error(`no audit verification ${verificationId}`);
    return current;
  }

  let result: ChainVerification;
  let fromId: string | undefined;
  try {
    const checkpoint = settings.anchorDir ? readLatestCheckpoint(settings.anchorDir, settings.key) : null;
    const from = await startingPoint(db, verification.kind, checkpoint);
    fromId = from?.id;
    await updateVerification(db, verificationId, { fromId: from ? BigInt(from.id) : null, totalRows: await countAuditRowsAfter(db, BigInt(from?.id ?? 0)) });
    result = await verifyAuditChain(db, {
      key: settings.key,
      from,
      checkpoint,
      onProgress: (checked) => updateVerification(db, verificationId, { checkedRows: checked }),
    });
  } catch (error) {
    if (!(error instanceof CheckpointTampered)) {
      await updateVerification(db, verificationId, { status: "failed", finishedAt: new Date(), reason: error instanceof Error ? error.message : "unknown error" });
      throw error;
    }
    result = { ok: false, checked: 0, firstBadId: "0", reason: error.message };
  }

  if (result.ok && settings.anchorDir && result.lastId) {
    appendCheckpoint(settings.anchorDir, { lastId: result.lastId, lastHash: result.lastHash, rowCount: result.rowCount, createdAt: new Date().toISOString() }, settings.key);
  }
  await db.transaction(async (tx) => {
    await updateVerification(tx, verificationId, {
      status: result.ok ? "intact" : "broken",
      finishedAt: new Date(),
      checkedRows: result.checked,
      ...(result.ok
        ? { lastId: result.lastId ? BigInt(result.lastId) : null, lastHash: result.lastHash, rowCount: result.rowCount }
        : { firstBadId: /^\d+$/.test(result.firstBadId) ? BigInt(result.firstBadId) : null, reason: result.reason }),
    });
    await record(tx, context, {
      action: "audit.verified",
      outcome: result.ok ? "success" : "failure",
      targetType: "audit_verification",
      targetId: verificationId,
      summary: result.ok
        ? { kind: verification.kind, checked: result.checked, fromId: fromId ?? null, anchored: Boolean(settings.anchorDir) }
        : { kind: verification.kind, checked: result.checked, firstBadId: result.firstBadId, reason: result.reason },
    });
  });
  return (await findVerification(db, verificationId))!;
}

/** What the schedule asks for: incremental, or full when the last full run is older than a day. */
export async function scheduledKind(db: DbOrTx, now = new Date()): Promise<"incremental" | "full"> {
  const lastFull = await lastIntactVerification(db, { fullOnly: true });
  return !lastFull?.finishedAt || now.getTime() - lastFull.finishedAt.getTime() > FULL_RUN_EVERY_HOURS * 3_600_000 ? "full" : "incremental";
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
