import { bigserial, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** One row per counted attempt; a sliding window is a count over (bucket, key, since). */
export const rateLimitHits = pgTable(
  "rate_limit_hits",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    bucket: text("bucket").notNull(),
    key: text("key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("rate_limit_hits_lookup_idx").on(table.bucket, table.key, table.createdAt)],
);
