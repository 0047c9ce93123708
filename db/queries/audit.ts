import type { HashedAuditContent } from "@/lib/audit/hash";
import { and, eq, gte, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema/audit";
import { users } from "@/db/schema/users";
import type { AuditFilters } from "@/lib/audit/filters";
import { auditTimeRange } from "@/lib/audit/filters";
import { jobActorsMatching } from "@/lib/audit/job-actors";
import type { VisibilityFilter } from "@/lib/auth/permissions";
import { containsPattern } from "./contains-pattern";

/**
 * Whose rows: an organisation's, or (organizationId null) the installation's rows that belong to no organisation,
 * which only an installation operator reads (lib/audit/installation-scope.ts decides who).
 */
export type AuditScope = { organizationId: string | null; visibility: VisibilityFilter };

function tenantCondition(organizationId: string | null): SQL {
  return organizationId === null ? isNull(auditLog.organizationId) : eq(auditLog.organizationId, organizationId);
}

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

/**
 * Who may see which rows. Users with "all" see their organisation's rows, nothing else: rows with no organisation
 * (sign-in attempts for emails no organisation knows) belong to no tenant and are shown only in the installation
 * scope (organizationId null, for installation operators); attempts on a
 * known user's account are recorded under that user's organisation. Managers see rows tagged with a team they
 * manage plus their own actions.
 */
function visibilityCondition(scope: AuditScope): SQL {
  const { visibility, organizationId } = scope;
  if (visibility.all) return tenantCondition(organizationId);
  const own = eq(auditLog.actorUserId, visibility.ownerUserId);
  const team = visibility.teamIds.length > 0 ? inArray(auditLog.teamId, [...visibility.teamIds]) : undefined;
  return and(tenantCondition(organizationId), team ? or(own, team) : own)!;
}

/**
 * The same visibility as branches that each walk one index newest first (an OR across columns cannot): the
 * organisation; or the manager's own actions and one branch per managed team. Branches
 * never overlap, except through the actor filter's two branches, which the UNION folds together.
 */
function visibilityBranches(scope: AuditScope): SQL[][] {
  const { visibility, organizationId } = scope;
  // Organisation-less rows belong to no tenant: only the installation scope (organizationId null) reads them.
  if (visibility.all) return [[tenantCondition(organizationId)]];
  const me = visibility.ownerUserId;
  const teams = [...new Set(visibility.teamIds)].map((teamId) => [
    tenantCondition(organizationId),
    eq(auditLog.teamId, teamId),
    sql`${auditLog.actorUserId} is distinct from ${me}::uuid`,
  ]);
  return [[tenantCondition(organizationId), eq(auditLog.actorUserId, me)], ...teams];
}

/** At most this many people matched by the Actor filter get a branch each; more than that read as one dense set. */
const PERSON_BRANCHES = 10;

/** The people of the organisation the Actor filter matches by email or name, or "many" past PERSON_BRANCHES. */
type MatchedPeople = readonly string[] | "many";

function matchingPeopleQuery(organizationId: string, actor: string) {
  const pattern = containsPattern(actor.toLowerCase());
  return sql`select ${users.id} from ${users} where ${users.organizationId} = ${organizationId}
    and (lower(${users.email}) like ${pattern} or lower(${users.name}) like ${pattern})`;
}

/** Read once per list or export, before its pages: each matched person then walks the actor index in list order. */
async function matchPeople(db: DbOrTx, scope: AuditScope, actor: string | undefined): Promise<MatchedPeople> {
  if (!actor || scope.organizationId === null) return [];
  const result = await db.execute<{ id: string }>(sql`${matchingPeopleQuery(scope.organizationId, actor)} limit ${PERSON_BRANCHES + 1}`);
  return result.rows.length > PERSON_BRANCHES ? "many" : result.rows.map((row) => row.id);
}

function actorBranches(scope: AuditScope, actor: string | undefined, people: MatchedPeople): SQL[][] {
  if (!actor) return [[]];
  const recordedAs = (email: string) => [sql`lower(${auditLog.actorEmail}) = ${email}`];
  // Installation rows have no organisation's users to match: only the email the attempt recorded.
  if (scope.organizationId === null) return [recordedAs(actor.toLowerCase())];
  // Matches a user of the organisation by email or name, or (for attempts by unknown emails) the email recorded, or a
  // job by the words the log shows it in: one branch per person and per job, each walking the actor index in list
  // order (an IN over several people cannot be walked in time order: it sorted every row they ever wrote). Past
  // PERSON_BRANCHES people the text is so common that their rows are dense: one branch reads them in time order.
  const personBranches =
    people === "many" ? [[sql`${auditLog.actorUserId} in (${matchingPeopleQuery(scope.organizationId, actor)})`]] : people.map((id) => [eq(auditLog.actorUserId, id)]);
  const recorded = new Set([actor.toLowerCase(), ...jobActorsMatching(actor)]);
  return [...personBranches, ...[...recorded].map(recordedAs)];
}

function filterConditions(filters: AuditFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.action) conditions.push(eq(auditLog.action, filters.action));
  if (filters.outcome) conditions.push(eq(auditLog.outcome, filters.outcome));
  if (filters.targetType) conditions.push(eq(auditLog.targetType, filters.targetType));
  if (filters.targetId) conditions.push(eq(auditLog.targetId, filters.targetId));
  const range = auditTimeRange(filters);
  if (range.from) conditions.push(gte(auditLog.occurredAt, range.from));
  if (range.toExclusive) conditions.push(lt(auditLog.occurredAt, range.toExclusive));
  return conditions;
}

/** Cursors stay row ids; the row's time is looked up so the page continues in (occurred_at, id) order. */
function beyondCursor(id: bigint, side: "older" | "newer"): SQL {
  const cursorTime = sql`(select "cursor_row"."occurred_at" from ${auditLog} as "cursor_row" where "cursor_row"."id" = ${id})`;
  return side === "older"
    ? sql`(${auditLog.occurredAt}, ${auditLog.id}) < (${cursorTime}, ${id}::bigint)`
    : sql`(${auditLog.occurredAt}, ${auditLog.id}) > (${cursorTime}, ${id}::bigint)`;
}

type PageRequest = AuditScope & { filters: AuditFilters; people: MatchedPeople; olderThan?: bigint; newerThan?: bigint; limit: number };

/**
 * The statement that picks a page of ids, newest first (oldest first when walking back with newerThan): one branch
 * per visibility and actor alternative, each walking its index in list order. Exported for `npm run bench`.
 */
export function auditPageQuery(request: PageRequest): SQL {
  const common = filterConditions(request.filters);
  if (request.olderThan !== undefined) common.push(beyondCursor(request.olderThan, "older"));
  if (request.newerThan !== undefined) common.push(beyondCursor(request.newerThan, "newer"));
  const order = request.newerThan !== undefined ? sql`asc` : sql`desc`;
  const selects = visibilityBranches(request).flatMap((scope) =>
    actorBranches(request, request.filters.actor, request.people).map(
      (actor) =>
        sql`select ${auditLog.id} as id, ${auditLog.occurredAt} as occurred_at from ${auditLog}
          where ${and(...scope, ...actor, ...common)} order by ${auditLog.occurredAt} ${order}, ${auditLog.id} ${order} limit ${request.limit}`,
    ),
  );
  const union = sql.join(
    selects.map((select) => sql`(${select})`),
    sql` union `,
  );
  return sql`select id from (${union}) as branches order by occurred_at ${order}, id ${order} limit ${request.limit}`;
}

async function pickIds(db: DbOrTx, request: PageRequest): Promise<bigint[]> {
  const result = await db.execute<{ id: string }>(auditPageQuery(request));
  return result.rows.map((row) => BigInt(row.id));
}

async function rowsByIds(db: DbOrTx, ids: bigint[]): Promise<AuditEvent[]> {
  if (ids.length === 0) return [];
  const rows = await db.select(listColumns).from(auditLog).where(inArray(auditLog.id, ids));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toEvent(row)] : [];
  });
}

/** The same rows with what the CSV needs to be checked offline: the organisation and both hashes. */
async function exportRowsByIds(db: DbOrTx, ids: bigint[]): Promise<AuditExportEvent[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ ...listColumns, organizationId: auditLog.organizationId, prevHash: auditLog.prevHash, hash: auditLog.hash })
    .from(auditLog)
    .where(inArray(auditLog.id, ids));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toEvent(row)] : [];
  });
}

function toEvent<Row extends { id: bigint }>(row: Row): Omit<Row, "id"> & { id: string } {
  return { ...row, id: row.id.toString() };
}

/** Keyset pagination newest first on (occurred_at, id): `before` walks to older rows, `after` back to newer ones. */
export async function listAuditEvents(
  db: DbOrTx,
  params: AuditScope & { filters: AuditFilters; before?: bigint; after?: bigint; limit: number },
): Promise<AuditPage> {
  const { limit } = params;
  const people = await matchPeople(db, params, params.filters.actor);
  const base = { organizationId: params.organizationId, visibility: params.visibility, filters: params.filters, people };
  if (params.after !== undefined) {
    const picked = await pickIds(db, { ...base, newerThan: params.after, limit: limit + 1 });
    const ids = picked.slice(0, limit).reverse();
    const oldestShown = ids.at(-1) ?? params.after;
    const hasOlder = (await pickIds(db, { ...base, olderThan: oldestShown, limit: 1 })).length > 0;
    return {
      rows: await rowsByIds(db, ids),
      newerCursor: picked.length > limit ? ids[0]!.toString() : null,
      olderCursor: hasOlder && ids.length > 0 ? oldestShown.toString() : null,
    };
  }
  const picked = await pickIds(db, { ...base, olderThan: params.before, limit: limit + 1 });
  const ids = picked.slice(0, limit);
  let newerCursor: string | null = null;
  if (params.before !== undefined) {
    const newestShown = ids[0] ?? params.before;
    if ((await pickIds(db, { ...base, newerThan: newestShown, limit: 1 })).length > 0 && ids.length > 0) newerCursor = newestShown.toString();
  }
  return {
    rows: await rowsByIds(db, ids),
    newerCursor,
    olderCursor: picked.length > limit ? ids.at(-1)!.toString() : null,
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
  const batchSize = params.batchSize ?? 1000;
  const people = await matchPeople(db, params, params.filters.actor);
  const base = { organizationId: params.organizationId, visibility: params.visibility, filters: params.filters, people };
  let before: bigint | undefined;
  for (;;) {
    const ids = await pickIds(db, { ...base, olderThan: before, limit: batchSize });
    if (ids.length === 0) return;
    yield await exportRowsByIds(db, ids);
    if (ids.length < batchSize) return;
    before = ids.at(-1)!;
  }
}


