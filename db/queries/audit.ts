import type { HashedAuditContent } from "@/lib/audit/hash";
import { and, asc, desc, eq, gt, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { users } from "@/db/schema/users";
import type { AuditFilters } from "@/lib/audit/filters";
import { auditTimeRange } from "@/lib/audit/filters";
import type { VisibilityFilter } from "@/lib/auth/permissions";

export type AuditScope = { organizationId: string; visibility: VisibilityFilter };

/** A row as pages show it: the hashed content (less the organisation, which scoping already fixed) and its id. */
export type AuditEvent = Omit<HashedAuditContent, "organizationId"> & { id: string };

/** A row as the CSV export writes it: everything the hash covers plus both hashes, so a file can be checked offline. */
export type AuditExportEvent = AuditEvent & { organizationId: string | null; prevHash: string; hash: string };

export type AuditEventDetail = AuditEvent & { organizationId: string | null; prevHash: string; hash: string };

export type AuditPage = {
  rows: AuditEvent[];
  /** Pass as `after` to load the newer page, or null when this is the newest. */
  newerCursor: string | null;
  /** Pass as `before` to load the older page, or null when this is the oldest. */
  olderCursor: string | null;
};

const listColumns = {
  id: auditLog.id,
  occurredAt: auditLog.occurredAt,
  actorUserId: auditLog.actorUserId,
  actorEmail: auditLog.actorEmail,
  actorRoles: auditLog.actorRoles,
  action: auditLog.action,
  outcome: auditLog.outcome,
  targetType: auditLog.targetType,
  targetId: auditLog.targetId,
  teamId: auditLog.teamId,
  ip: auditLog.ip,
  userAgent: auditLog.userAgent,
  summary: auditLog.summary,
};

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Who may see which rows. Users with "all" see their organisation's rows, nothing else: rows with no organisation
 * (sign-in attempts for emails no organisation knows) belong to no tenant and are shown to none; attempts on a
 * known user's account are recorded under that user's organisation. Managers see rows tagged with a team they
 * manage plus their own actions.
 */
function visibilityCondition(scope: AuditScope): SQL {
  const { visibility, organizationId } = scope;
  if (visibility.all) return eq(auditLog.organizationId, organizationId);
  const own = eq(auditLog.actorUserId, visibility.ownerUserId);
  const team = visibility.teamIds.length > 0 ? inArray(auditLog.teamId, [...visibility.teamIds]) : undefined;
  return and(eq(auditLog.organizationId, organizationId), team ? or(own, team) : own)!;
}

function filterConditions(scope: AuditScope, filters: AuditFilters): SQL[] {
  const conditions: SQL[] = [visibilityCondition(scope)];
  if (filters.actor) {
    // Matches a user of the organisation by email or name, or (for attempts by unknown emails) the email recorded.
    const pattern = likePattern(filters.actor);
    const matchingUsers = sql`(select ${users.id} from ${users} where ${users.organizationId} = ${scope.organizationId}
      and (lower(${users.email}) like ${pattern} or lower(${users.name}) like ${pattern}))`;
    conditions.push(or(sql`${auditLog.actorUserId} in ${matchingUsers}`, sql`lower(${auditLog.actorEmail}) = ${filters.actor.toLowerCase()}`)!);
  }
  if (filters.action) conditions.push(eq(auditLog.action, filters.action));
  if (filters.outcome) conditions.push(eq(auditLog.outcome, filters.outcome));
  if (filters.targetType) conditions.push(eq(auditLog.targetType, filters.targetType));
  if (filters.targetId) conditions.push(eq(auditLog.targetId, filters.targetId));
  const range = auditTimeRange(filters);
  if (range.from) conditions.push(gte(auditLog.occurredAt, range.from));
  if (range.toExclusive) conditions.push(lt(auditLog.occurredAt, range.toExclusive));
  return conditions;
}

function toEvent<Row extends { id: bigint }>(row: Row): Omit<Row, "id"> & { id: string } {
  return { ...row, id: row.id.toString() };
}

async function exists(db: DbOrTx, conditions: SQL[]): Promise<boolean> {
  const [row] = await db.select({ id: auditLog.id }).from(auditLog).where(and(...conditions)).limit(1);
  return row !== undefined;
}

/** Keyset pagination on id (newest first): `before` walks to older rows, `after` back to newer ones. */
export async function listAuditEvents(
  db: DbOrTx,
  params: AuditScope & { filters: AuditFilters; before?: bigint; after?: bigint; limit: number },
): Promise<AuditPage> {
  const conditions = filterConditions(params, params.filters);
  const { limit } = params;
  if (params.after !== undefined) {
    const fetched = await db
      .select(listColumns)
      .from(auditLog)
      .where(and(...conditions, gt(auditLog.id, params.after)))
      .orderBy(asc(auditLog.id))
      .limit(limit + 1);
    const rows = fetched.slice(0, limit).reverse();
    const oldestShown = rows.at(-1)?.id ?? params.after + 1n;
    const hasOlder = await exists(db, [...conditions, lt(auditLog.id, oldestShown)]);
    return {
      rows: rows.map(toEvent),
      newerCursor: fetched.length > limit ? rows[0]!.id.toString() : null,
      olderCursor: hasOlder ? oldestShown.toString() : null,
    };
  }
  const fetched = await db
    .select(listColumns)
    .from(auditLog)
    .where(and(...conditions, params.before !== undefined ? lt(auditLog.id, params.before) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const rows = fetched.slice(0, limit);
  let newerCursor: string | null = null;
  if (params.before !== undefined) {
    const newestShown = rows[0]?.id ?? params.before - 1n;
    if (await exists(db, [...conditions, gt(auditLog.id, newestShown)])) newerCursor = newestShown.toString();
  }
  return {
    rows: rows.map(toEvent),
    newerCursor,
    olderCursor: fetched.length > limit ? rows.at(-1)!.id.toString() : null,
  };
}

/** One row with its hashes, or null when it does not exist or the user may not see it. */
export async function getAuditEvent(db: DbOrTx, params: AuditScope & { id: bigint }): Promise<AuditEventDetail | null> {
  const [row] = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.id, params.id), visibilityCondition(params)))
    .limit(1);
  return row ? toEvent(row) : null;
}

/** For the CSV export: every matching row, newest first, in keyset batches so memory stays constant. */
export async function* iterateAuditEvents(
  db: DbOrTx,
  params: AuditScope & { filters: AuditFilters; batchSize?: number },
): AsyncGenerator<AuditExportEvent[]> {
  const conditions = filterConditions(params, params.filters);
  const batchSize = params.batchSize ?? 1000;
  let before: bigint | undefined;
  for (;;) {
    const rows = await db
      .select({ ...listColumns, organizationId: auditLog.organizationId, prevHash: auditLog.prevHash, hash: auditLog.hash })
      .from(auditLog)
      .where(and(...conditions, before !== undefined ? lt(auditLog.id, before) : undefined))
      .orderBy(desc(auditLog.id))
      .limit(batchSize);
    if (rows.length === 0) return;
    yield rows.map(toEvent);
    if (rows.length < batchSize) return;
    before = rows.at(-1)!.id;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a person calls a row's target (a card's alias, a user's name), for one batch, within one organisation. */
export async function auditTargetLabels(
  db: DbOrTx,
  params: { organizationId: string; targets: readonly { targetType: string | null; targetId: string | null }[] },
): Promise<Map<string, string>> {
  const ids = (type: string) => [...new Set(params.targets.filter((t) => t.targetType === type && t.targetId && UUID.test(t.targetId)).map((t) => t.targetId!))];
  const labels = new Map<string, string>();
  const cardIds = ids("card");
  if (cardIds.length > 0) {
    const rows = await db.select({ id: cards.id, alias: cards.alias }).from(cards).where(and(eq(cards.organizationId, params.organizationId), inArray(cards.id, cardIds)));
    for (const row of rows) if (row.alias) labels.set(`card:${row.id}`, row.alias);
  }
  const userIds = ids("user");
  if (userIds.length > 0) {
    const rows = await db.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.organizationId, params.organizationId), inArray(users.id, userIds)));
    for (const row of rows) labels.set(`user:${row.id}`, row.name);
  }
  return labels;
}
