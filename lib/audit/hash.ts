import { createHmac } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/** The fields a row's hash covers, in a fixed shape, so a verifier can recompute it from the stored row. */
export type HashedAuditContent = {
  occurredAt: Date;
  organizationId: string | null;
  actorUserId: string | null;
  actorEmail: string | null;
  actorRoles: string[];
  action: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  teamId: string | null;
  ip: string | null;
  userAgent: string | null;
  summary: Record<string, unknown>;
};

/** JSON with object keys sorted at every depth: PostgreSQL's jsonb reorders keys, so order must not matter. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
}

/**
 * HMAC-SHA256 under AUDIT_HMAC_KEY, a secret the database never holds: whoever can write the table (its owner, a
 * restored backup) can still not recompute the hashes after an edit, so an edit cannot be hidden.
 */
export function auditRowHash(content: HashedAuditContent, prevHash: string, key: string): string {
  const material = canonicalJson({ ...content, occurredAt: content.occurredAt.toISOString(), prevHash });
  return createHmac("sha256", key).update(material).digest("hex");
}
