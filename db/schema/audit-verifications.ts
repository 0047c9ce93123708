import { bigint, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const VERIFICATION_KINDS = ["incremental", "full"] as const;
export const VERIFICATION_STATUSES = ["queued", "running", "intact", "broken", "failed"] as const;

/**
 * One run of the audit chain verification job, with its progress for the audit page. The chain is global (all
 * organisations share it), so runs are too. Where a run starts is taken from the signed checkpoint outside the
 * database when there is one (lib/audit/anchor.ts), never only from this table.
 */
export const auditVerifications = pgTable(
  "audit_verifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: VERIFICATION_KINDS }).notNull(),
    status: text("status", { enum: VERIFICATION_STATUSES }).notNull().default("queued"),
    requestedByUserId: uuid("requested_by_user_id").references(() => users.id, { onDelete: "set null" }),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    /** The database's clock at the worker's last sign of life (its claim and each batch walked). */
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    fromId: bigint("from_id", { mode: "bigint" }),
    totalRows: integer("total_rows"),
    checkedRows: integer("checked_rows").notNull().default(0),
    lastId: bigint("last_id", { mode: "bigint" }),
    lastHash: text("last_hash"),
    rowCount: integer("row_count"),
    firstBadId: bigint("first_bad_id", { mode: "bigint" }),
    reason: text("reason"),
  },
  (table) => [index("audit_verifications_requested_idx").on(table.requestedAt.desc().nullsFirst(), table.id.desc().nullsFirst())],
);
