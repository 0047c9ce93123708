import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

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
    index("audit_log_time_idx").on(table.occurredAt.desc(), table.id.desc()),
    index("audit_log_actor_idx").on(table.actorUserId, table.id.desc()),
    index("audit_log_action_idx").on(table.action, table.id.desc()),
    index("audit_log_target_idx").on(table.targetType, table.targetId, table.id.desc()),
    index("audit_log_team_idx").on(table.teamId, table.id.desc()),
  ],
);
