import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { descending } from "./index-order";

/**
 * Append-only and hash-chained: a trigger refuses UPDATE and DELETE, and each row's hash covers its
 * content plus the previous row's hash, so any edit made behind the trigger's back breaks the chain.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, precision: 6 }).notNull(),
    organizationId: uuid("organization_id"),
    actorUserId: uuid("actor_user_id"),
    actorEmail: text("actor_email"),
    actorRoles: text("actor_roles").array().notNull(),
    action: text("action").notNull(),
    outcome: text("outcome").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    teamId: uuid("team_id"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    summary: jsonb("summary").$type<Record<string, unknown>>().notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (table) => [
    // The list reads newest first on (occurred_at, id) within one scope branch (db/queries/audit.ts): organisation
    // (or none), a managed team, one actor; a filter on action or target walks its own index in the same order.
    index("audit_log_org_time_idx").on(table.organizationId, descending(table.occurredAt), descending(table.id)),
    index("audit_log_team_time_idx").on(table.teamId, descending(table.occurredAt), descending(table.id)),
    index("audit_log_actor_time_idx").on(table.actorUserId, descending(table.occurredAt), descending(table.id)),
    index("audit_log_actor_email_time_idx").on(sql`lower(${table.actorEmail})`, sql`${table.occurredAt} desc nulls first`, descending(table.id)),
    index("audit_log_action_time_idx").on(table.action, descending(table.occurredAt), descending(table.id)),
    index("audit_log_target_time_idx").on(table.targetType, table.targetId, descending(table.occurredAt), descending(table.id)),
  ],
);
