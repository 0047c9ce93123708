import { createHmac, timingSafeEqual } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { canonicalJson } from "./hash";

/** The chain's state at one moment: its newest row and how many rows it had, signed with the chain's key. */
export type AuditCheckpoint = { lastId: string; lastHash: string; rowCount: number; createdAt: string };
type SignedCheckpoint = AuditCheckpoint & { signature: string };

export const CHECKPOINT_FILE = "audit-checkpoints.jsonl";

function sign(checkpoint: AuditCheckpoint, key: string): string {
  const { lastId, lastHash, rowCount, createdAt } = checkpoint;
  return createHmac("sha256", key).update(canonicalJson({ kind: "cardhub-audit-checkpoint", lastId, lastHash, rowCount, createdAt })).digest("hex");
}

function signatureMatches(checkpoint: SignedCheckpoint, key: string): boolean {
  const expected = Buffer.from(sign(checkpoint, key), "hex");
  const actual = Buffer.from(String(checkpoint.signature), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * The anchor: checkpoints are appended to a file outside the database (AUDIT_ANCHOR_DIR, a volume the database's
 * administrators cannot write). Deleting the newest audit rows then leaves a checkpoint naming a row or a count
 * the table no longer has, and a forged checkpoint fails its signature (the key is not in the database either).
 */
export function appendCheckpoint(directory: string, checkpoint: AuditCheckpoint, key: string): void {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const line = JSON.stringify({ ...checkpoint, signature: sign(checkpoint, key) });
  appendFileSync(path.join(directory, CHECKPOINT_FILE), `${line}\n`, { mode: 0o600 });
}

export class CheckpointTampered extends Error {}

/** The newest checkpoint, or null when none was written yet. A line with a wrong signature is tampering, not noise. */
export function readLatestCheckpoint(directory: string, key: string): AuditCheckpoint | null {
  const file = path.join(directory, CHECKPOINT_FILE);
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "");
  const last = lines.at(-1);
  if (!last) return null;
  let parsed: SignedCheckpoint;
  try {
    parsed = JSON.parse(last) as SignedCheckpoint;
  } catch {
    throw new CheckpointTampered(`the last line of ${file} is not a checkpoint`);
  }
  if (!signatureMatches(parsed, key)) throw new CheckpointTampered(`the last checkpoint in ${file} does not carry a valid signature`);
  const { lastId, lastHash, rowCount, createdAt } = parsed;
  return { lastId, lastHash, rowCount, createdAt };
}
