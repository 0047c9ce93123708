import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { addHit } from "@/db/queries/rate-limits";
import { rateLimitHits } from "@/db/schema/rate-limits";
import { withTestDatabase } from "@/test/database";
import { pruneRateLimitsJob, rateLimitKeepMinutes } from "./prune-rate-limits";

const database = withTestDatabase();
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

describe("pruning rate-limit hits", () => {
  it("keeps a two-factor day count's hits and its lock for the whole day they count, and drops older ones", async () => {
    const db = database.db();
    await addHit(db, { bucket: "two-factor:day", key: "person", at: hoursAgo(23.5) });
    await addHit(db, { bucket: "two-factor:day-locked", key: "person", at: hoursAgo(23.5) });
    await addHit(db, { bucket: "two-factor:day", key: "person", at: hoursAgo(24.5) });
    await pruneRateLimitsJob.run({}, db);
    const left = await db.select({ bucket: rateLimitHits.bucket, createdAt: rateLimitHits.createdAt }).from(rateLimitHits).orderBy(sql`bucket`);
    expect(left.map((hit) => hit.bucket)).toEqual(["two-factor:day", "two-factor:day-locked"]);
  });

  it("keeps hits as long as a sign-in window set longer than a day", () => {
    expect(rateLimitKeepMinutes(15)).toBe(24 * 60);
    expect(rateLimitKeepMinutes(3 * 24 * 60)).toBe(3 * 24 * 60);
  });
});
