import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/db/client";
import { findSession, markReauthenticated, touchSession } from "@/db/queries/sessions";
import { sessions } from "@/db/schema/sessions";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { sessionIdFor } from "@/test/session-user";

const database = withTestDatabase();
// One connection, so a setting left behind by one statement would be seen by the next.
let single: ReturnType<typeof createDb>;

beforeAll(async () => {
  await seedDemo(database.db(), { sandboxUrl: "http://127.0.0.1:9" });
  single = createDb(database.url(), 1);
  // Each update of a session records the synchronous_commit its transaction will commit with.
  await database.db().execute(sql`create table session_update_commit_modes (mode text not null)`);
  await database.db().execute(sql`
    create function record_session_commit_mode() returns trigger language plpgsql as $$
    begin
      insert into session_update_commit_modes values (current_setting('synchronous_commit'));
      return new;
    end $$`);
  await database.db().execute(sql`create trigger record_commit_mode after update on sessions for each row execute function record_session_commit_mode()`);
});

afterAll(async () => {
  await single?.pool.end();
});

async function recordedModes(): Promise<string[]> {
  const rows = await database.db().execute<{ mode: string }>(sql`delete from session_update_commit_modes returning mode`);
  return rows.rows.map((row) => row.mode);
}

describe("touchSession", () => {
  it("moves the session's last activity on, committed without waiting for the WAL flush, and leaves the connection as it was", async () => {
    const session = (await findSession(single.db, await sessionIdFor(single.db, "finance@demo.test")))!;
    const at = new Date(session.lastSeenAt.getTime() + 45_000);

    await touchSession(single.db, { id: session.id, at });
    expect((await findSession(single.db, session.id))!.lastSeenAt).toEqual(at);
    expect(await recordedModes()).toEqual(["off"]);

    // The next write on the same connection (a step-up, which must survive a crash) commits as every other does.
    await markReauthenticated(single.db, { id: session.id, at: new Date(at.getTime() + 1_000) });
    expect(await recordedModes()).toEqual(["on"]);
    expect((await single.db.select().from(sessions).where(eq(sessions.id, session.id)))[0]!.reauthenticatedAt).toEqual(new Date(at.getTime() + 1_000));
  });

  it("refuses to run inside a transaction, whose other writes its relaxed commit would cover", async () => {
    const sessionId = await sessionIdFor(single.db, "finance@demo.test");
    await expect(single.db.transaction((tx) => touchSession(tx, { id: sessionId, at: new Date() }))).rejects.toThrow(/never inside a transaction/);
    expect(await recordedModes()).toEqual([]);
  });

  it("touches nothing for a session that is not there", async () => {
    await touchSession(single.db, { id: "00000000-0000-4000-8000-000000000001", at: new Date() });
    expect(await recordedModes()).toEqual([]);
  });
});
