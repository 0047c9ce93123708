import { bigint, boolean, index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { organizations } from "./organizations";

export const roleEnum = pgEnum("role", ["employee", "manager", "finance", "auditor", "admin"]);
export type Role = (typeof roleEnum.enumValues)[number];
export const ROLES = roleEnum.enumValues;

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    // AES-256-GCM ciphertext (lib/crypto); null until the user enrols an authenticator.
    totpSecretEncrypted: text("totp_secret_encrypted"),
    // An authenticator being set up: encrypted like the secret, promoted to it once a code confirms it.
    totpPendingSecretEncrypted: text("totp_pending_secret_encrypted"),
    // The last 30-second TOTP step accepted, so a code cannot be used twice.
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    // Set for an initial password chosen by an administrator: the person must replace it before anything else.
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("users_email_unique").on(sql`lower(${table.email})`),
    index("users_organization_idx").on(table.organizationId, table.name),
    // The cards search matches owners by name substring (db/queries/cards.ts).
    index("users_name_trgm_idx").using("gin", sql`${table.name} gin_trgm_ops`),
    // The person pickers (db/queries/people-search.ts): email substrings, and their list order with no text typed.
    index("users_email_trgm_idx").using("gin", sql`${table.email} gin_trgm_ops`),
    index("users_organization_name_email_id_idx").on(table.organizationId, table.name, table.email, table.id),
  ],
);

export const userRoles = pgTable(
  "user_roles",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.role] })],
);
