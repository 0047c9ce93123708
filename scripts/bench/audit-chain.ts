import { asc, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema/audit";
import { auditRowHash, GENESIS_HASH } from "@/lib/audit/hash";

/** The generated chain is keyed like a real one (HMAC); the bench's server is given the same key. */
export const BENCH_AUDIT_KEY = "bench-audit-hmac-key-0123456789abcdef0123456789abcdef";

const BATCH = 5000;

/**
 * Links the generated audit rows into a valid hash chain with the project's own hash function, so chain verification
 * walks all of them. Bench database only: it lifts the append-only triggers for the duration (as the owner), because
 * the rows were inserted by set-based SQL before their hashes could be known.
 */
export async function chainAuditRows(db: Db): Promise<number> {
  await db.execute(sql`alter table audit_log disable trigger user`);
  try {
    let previousHash = GENESIS_HASH;
    let lastId = 0n;
    let linked = 0;
    for (;;) {
      const rows = await db.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(BATCH);
      if (rows.length === 0) break;
      const ids: string[] = [];
      const prevHashes: string[] = [];
      const hashes: string[] = [];
      for (const row of rows) {
        const { id, prevHash: _prevHash, hash: _hash, ...content } = row;
        const hash = auditRowHash(content, previousHash, BENCH_AUDIT_KEY);
        ids.push(id.toString());
        prevHashes.push(previousHash);
        hashes.push(hash);
        previousHash = hash;
        lastId = id;
      }
      await db.execute(sql`
        update audit_log set prev_hash = linked.prev_hash, hash = linked.hash
        from unnest(${sql.param(ids)}::bigint[], ${sql.param(prevHashes)}::text[], ${sql.param(hashes)}::text[]) as linked(id, prev_hash, hash)
        where audit_log.id = linked.id`);
      linked += rows.length;
    }
    return linked;
  } finally {
    await db.execute(sql`alter table audit_log enable trigger user`);
  }
}
