import { asc, gt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema/audit";
import { auditRowHash, GENESIS_HASH } from "./hash";

export type ChainVerification =
  | { ok: true; checked: number }
  | { ok: false; checked: number; firstBadId: string; reason: string };

const BATCH = 1000;

/** Walks the whole chain in id order, in batches, recomputing every hash; names the first row that does not match. */
export async function verifyAuditChain(db: DbOrTx): Promise<ChainVerification> {
  let previousHash = GENESIS_HASH;
  let lastId = 0n;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(BATCH);
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      const { id, prevHash, hash, ...content } = row;
      if (prevHash !== previousHash) {
        return { ok: false, checked, firstBadId: id.toString(), reason: "does not link to the row before it" };
      }
      if (auditRowHash(content, prevHash) !== hash) {
        return { ok: false, checked, firstBadId: id.toString(), reason: "content does not match its hash" };
      }
      previousHash = hash;
      lastId = id;
      checked += 1;
    }
  }
}
