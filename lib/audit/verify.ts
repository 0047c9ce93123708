import { and, asc, count, gt, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema/audit";
import type { AuditCheckpoint } from "./anchor";
import { createHash } from "node:crypto";
import { auditRowHash, canonicalJson, GENESIS_HASH, type HashedAuditContent } from "./hash";

/** Rows hashed before the chain was keyed (plain SHA-256) still fail; the reason says so, for old dev databases. */
function unkeyedHashMatches(content: HashedAuditContent, prevHash: string, hash: string): boolean {
  return createHash("sha256").update(canonicalJson({ ...content, occurredAt: content.occurredAt.toISOString(), prevHash })).digest("hex") === hash;
}

export type ChainVerification =
  | { ok: true; checked: number; lastId: string | null; lastHash: string; rowCount: number }
  | { ok: false; checked: number; firstBadId: string; reason: string };

export type VerifyOptions = {
  key: string;
  /** Start after a row already verified (incremental): its id, its hash and the number of rows up to it. */
  from?: { id: string; hash: string; rowCount: number };
  /** The newest signed checkpoint: the chain must still hold its row, with its hash, at its position. */
  checkpoint?: AuditCheckpoint | null;
  onProgress?: (checked: number) => Promise<void> | void;
  batchSize?: number;
};

/**
 * Walks the chain in id order, in batches, recomputing every HMAC; names the first row that does not match, and
 * a tail cut off below the newest checkpoint. `checked` counts rows walked by this run (not the skipped prefix).
 */
export async function verifyAuditChain(db: DbOrTx, options: VerifyOptions): Promise<ChainVerification> {
  const batchSize = options.batchSize ?? 1000;
  const checkpoint = options.checkpoint ?? null;
  let previousHash = options.from?.hash ?? GENESIS_HASH;
  let lastId = options.from ? BigInt(options.from.id) : 0n;
  let position = options.from?.rowCount ?? 0;
  let checked = 0;

  if (options.from) {
    // The starting row must still be what was verified, and as many rows must lead up to it.
    const [start] = await db.select({ hash: auditLog.hash }).from(auditLog).where(and(gt(auditLog.id, lastId - 1n), lte(auditLog.id, lastId)));
    const [{ value: leading } = { value: 0 }] = await db.select({ value: count() }).from(auditLog).where(lte(auditLog.id, lastId));
    if (!start || start.hash !== options.from.hash || leading !== options.from.rowCount) {
      return { ok: false, checked, firstBadId: options.from.id, reason: "the last verified row was removed or changed since it was verified" };
    }
  }

  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(batchSize);
    for (const row of rows) {
      const { id, prevHash, hash, ...content } = row;
      if (prevHash !== previousHash) return { ok: false, checked, firstBadId: id.toString(), reason: "does not link to the row before it" };
      if (auditRowHash(content, prevHash, options.key) !== hash) {
        const reason = unkeyedHashMatches(content, prevHash, hash)
          ? "content does not match its hash: it carries an unkeyed SHA-256 hash (written before AUDIT_HMAC_KEY, e.g. an old development database, or rewritten without the key)"
          : "content does not match its hash";
        return { ok: false, checked, firstBadId: id.toString(), reason };
      }
      position += 1;
      if (checkpoint && id.toString() === checkpoint.lastId && (hash !== checkpoint.lastHash || position !== checkpoint.rowCount)) {
        return { ok: false, checked, firstBadId: id.toString(), reason: "differs from the signed checkpoint of " + checkpoint.createdAt };
      }
      previousHash = hash;
      lastId = id;
      checked += 1;
    }
    if (rows.length > 0) await options.onProgress?.(checked);
    if (rows.length < batchSize) break;
  }

  if (checkpoint && (lastId < BigInt(checkpoint.lastId) || position < checkpoint.rowCount)) {
    return {
      ok: false,
      checked,
      firstBadId: checkpoint.lastId,
      reason: `rows are missing: the signed checkpoint of ${checkpoint.createdAt} counted ${checkpoint.rowCount} rows up to row ${checkpoint.lastId}, the table has ${position} up to row ${lastId}`,
    };
  }
  return { ok: true, checked, lastId: lastId === 0n ? null : lastId.toString(), lastHash: previousHash, rowCount: position };
}
