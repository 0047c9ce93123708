import { parseCsv, unguardCell } from "./csv-read";
import { AUDIT_CSV_COLUMNS } from "./export";
import { auditRowHash, GENESIS_HASH, type HashedAuditContent } from "./hash";

export type CsvVerification =
  | { ok: true; rows: number; segments: number; fromGenesis: boolean }
  | { ok: false; rows: number; problem: string; rowId?: string };

/**
 * Checks an exported audit CSV offline, with the chain's key: every row's hash is recomputed from its columns and
 * its previous hash, and rows are linked in id order. A filtered export is a set of chain segments (each row still
 * proves itself); a full export is one segment from the genesis hash. Empty cells read as null.
 */
export function verifyAuditCsv(text: string, key: string): CsvVerification {
  const [header, ...body] = parseCsv(text.replace(/^\uFEFF/, ""));
  if (!header) return { ok: false, rows: 0, problem: "the file is empty" };
  const index = new Map(header.map((name, position) => [name, position]));
  const missing = AUDIT_CSV_COLUMNS.filter((name) => !index.has(name));
  if (missing.length > 0) return { ok: false, rows: 0, problem: `columns missing: ${missing.join(", ")} (exported before hashes were included?)` };

  const rows = body.filter((cells) => cells.some((cell) => cell !== ""));
  const parsed: { id: bigint; prevHash: string; hash: string }[] = [];
  for (const cells of rows) {
    const cell = (name: (typeof AUDIT_CSV_COLUMNS)[number]) => unguardCell(cells[index.get(name)!] ?? "");
    const orNull = (name: (typeof AUDIT_CSV_COLUMNS)[number]) => (cell(name) === "" ? null : cell(name));
    const id = cell("id");
    if (!/^\d{1,19}$/.test(id)) return { ok: false, rows: rows.length, problem: `a row has no valid id ("${id}")` };
    let summary: Record<string, unknown>;
    try {
      summary = JSON.parse(cell("summary") || "{}") as Record<string, unknown>;
    } catch {
      return { ok: false, rows: rows.length, rowId: id, problem: `row ${id}: the summary is not JSON` };
    }
    const occurredAt = new Date(cell("occurred_at_utc"));
    if (Number.isNaN(occurredAt.getTime())) return { ok: false, rows: rows.length, rowId: id, problem: `row ${id}: the time is not valid` };
    const content: HashedAuditContent = {
      occurredAt,
      organizationId: orNull("organization_id"),
      actorUserId: orNull("actor_user_id"),
      actorEmail: orNull("actor_email"),
      actorRoles: cell("actor_roles") === "" ? [] : cell("actor_roles").split(" "),
      action: cell("action"),
      outcome: cell("outcome"),
      targetType: orNull("target_type"),
      targetId: orNull("target_id"),
      teamId: orNull("team_id"),
      ip: orNull("ip"),
      userAgent: orNull("user_agent"),
      summary,
    };
    const prevHash = cell("prev_hash");
    const hash = cell("hash");
    if (auditRowHash(content, prevHash, key) !== hash) {
      return { ok: false, rows: rows.length, rowId: id, problem: `row ${id}: its content does not match its hash (edited, or a different key)` };
    }
    parsed.push({ id: BigInt(id), prevHash, hash });
  }

  parsed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let segments = parsed.length > 0 ? 1 : 0;
  for (let position = 1; position < parsed.length; position += 1) {
    const previous = parsed[position - 1]!;
    const current = parsed[position]!;
    if (current.id === previous.id) return { ok: false, rows: rows.length, rowId: String(current.id), problem: `row ${current.id} appears twice` };
    if (current.prevHash !== previous.hash) segments += 1;
  }
  return { ok: true, rows: parsed.length, segments, fromGenesis: parsed[0]?.prevHash === GENESIS_HASH };
}
