import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { organizations } from "@/db/schema/organizations";
import { userRoles, users } from "@/db/schema/users";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor } from "@/test/session-user";
import { auditRowHash, GENESIS_HASH, type HashedAuditContent } from "./hash";

// Records how many rows each keyset query of the export read, and whether anything copied or extended a row read.
const reads = vi.hoisted(() => ({ batches: [] as number[], rowsCopiedOrExtended: 0 }));
vi.mock("@/db/queries/audit", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/db/queries/audit")>();
  return {
    ...original,
    iterateAuditEvents: async function* (...args: Parameters<typeof original.iterateAuditEvents>) {
      for await (const batch of original.iterateAuditEvents(...args)) {
        reads.batches.push(batch.length);
        const count = () => (reads.rowsCopiedOrExtended += 1);
        yield batch.map(
          (event) =>
            new Proxy(event, {
              ownKeys: (target) => (count(), Reflect.ownKeys(target)),
              set: (target, key, value) => (count(), Reflect.set(target, key, value)),
              defineProperty: (target, key, descriptor) => (count(), Reflect.defineProperty(target, key, descriptor)),
            }),
        );
      }
    },
  };
});

const { exportAuditCsv } = await import("./export");

const database = withTestDatabase();
const db = () => database.db();

// Fixed ids, times and a fixed hash key: the file is the same bytes on every run, so it can be compared to the
// file the export wrote before its batching changed.
const ORG = "0f000000-0000-4000-8000-000000000001";
const AUDITOR = "0f000000-0000-4000-8000-0000000000a1";
const PEOPLE = ["0f000000-0000-4000-8000-0000000000b1", "0f000000-0000-4000-8000-0000000000b2"];
const ROWS = 1234;
const START = Date.parse("2025-03-01T08:00:00.000Z");

function fixtureRow(n: number): HashedAuditContent {
  const tricky = n % 97 === 0;
  return {
    occurredAt: new Date(START + n * 61_001),
    organizationId: ORG,
    actorUserId: n % 5 === 0 ? null : PEOPLE[n % 2]!,
    actorEmail: n % 5 === 0 ? null : `person${n % 2}@golden.test`,
    actorRoles: n % 3 === 0 ? ["finance", "manager"] : ["employee"],
    action: ["card.updated", "card.frozen", "user.updated", "request.created"][n % 4]!,
    outcome: n % 30 === 0 ? "denied" : "success",
    targetType: n % 4 === 2 ? "user" : "card",
    targetId: n % 4 === 2 ? (n % 8 === 2 ? PEOPLE[1]! : "0f000000-0000-4000-8000-0000000000ff") : `card-${n % 17}`,
    teamId: null,
    ip: n % 7 === 0 ? null : `203.0.113.${n % 250}`,
    userAgent: tricky ? `=HYPERLINK("http://evil.test","x"),\nnext line` : "Mozilla/5.0 (X11; Linux x86_64)",
    summary: tricky
      ? { note: `said "hi", then\nleft`, amount: n * 1.5, nested: { z: [1, "two", null], a: true }, text: "'quoted ünïcödé €" }
      : { n, format: "csv", filters: { status: "settled", from: "2025-01-01" }, changes: [{ field: "alias", from: `Ads ${n}`, to: `Travel ${n}` }] },
  };
}

beforeAll(async () => {
  await db().insert(organizations).values({ id: ORG, name: "Golden Co" });
  await db()
    .insert(users)
    .values([
      { id: AUDITOR, organizationId: ORG, email: "auditor@golden.test", name: "Ada Auditor", passwordHash: "x" },
      { id: PEOPLE[0]!, organizationId: ORG, email: "person0@golden.test", name: "Pat Zero", passwordHash: "x" },
      { id: PEOPLE[1]!, organizationId: ORG, email: "person1@golden.test", name: "Pia One, \"the second\"", passwordHash: "x" },
    ]);
  await db().insert(userRoles).values({ userId: AUDITOR, role: "auditor" });
  let prevHash = GENESIS_HASH;
  const rows = [];
  for (let n = 1; n <= ROWS; n += 1) {
    const content = fixtureRow(n);
    const hash = auditRowHash(content, prevHash, "golden-fixture-key");
    rows.push({ ...content, id: BigInt(1_000_000 + n), prevHash, hash });
    prevHash = hash;
  }
  for (let start = 0; start < rows.length; start += 200) await db().insert(auditLog).values(rows.slice(start, start + 200));
});

describe("the audit CSV export's memory shape", () => {
  it("reads 500 rows per query, never copies a row, encodes at most 64 rows per chunk, and writes the same bytes as before", async () => {
    const auditor = await sessionUserFor(db(), "auditor@golden.test");
    reads.batches = [];
    reads.rowsCopiedOrExtended = 0;
    // The export's own audit row is recorded now; the range keeps the file to the fixture.
    const response = await exportAuditCsv(db(), { user: auditor, meta: { ip: null, userAgent: null }, searchParams: new URLSearchParams("to=2025-12-31") });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);

    // A 1,000-row batch held twice the rows at once, and its rows lived long enough to be promoted (README, Benchmark).
    expect(reads.batches).toEqual([500, 500, 234]);
    const rowsPerChunk = chunks.slice(1).map((chunk) => new TextDecoder().decode(chunk).split("\r\n").length - 1);
    expect(rowsPerChunk.reduce((sum, count) => sum + count, 0)).toBe(ROWS);
    expect(Math.max(...rowsPerChunk)).toBe(64);
    // A copy of each row with its target label (or the label added to the row) made the export promote four times as
    // much to V8's old space as the transactions export: the label travels beside the row instead.
    expect(reads.rowsCopiedOrExtended).toBe(0);

    const file = Buffer.concat(chunks);
    // UTF-8's byte-order mark first (for spreadsheets, csv-stream.ts), then the same bytes as before.
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = file.subarray(3);
    const lines = body.toString("utf8").split("\r\n");
    expect(lines[0]).toBe(
      "id,occurred_at_utc,actor_email,actor_user_id,actor_roles,action,outcome,target_type,target_id,team_id,ip,user_agent,summary,description,target_label,organization_id,prev_hash,hash",
    );
    expect(lines[1]).toBe(
      '1001234,2025-03-02T04:54:35.234Z,person0@golden.test,0f000000-0000-4000-8000-0000000000b1,employee,user.updated,success,user,0f000000-0000-4000-8000-0000000000b2,,203.0.113.234,Mozilla/5.0 (X11; Linux x86_64),"{""n"":1234,""format"":""csv"",""changes"":[{""to"":""Travel 1234"",""from"":""Ads 1234"",""field"":""alias""}],""filters"":{""from"":""2025-01-01"",""status"":""settled""}}","Pat Zero edited Pia One, ""the second"".","Pia One, ""the second""",0f000000-0000-4000-8000-000000000001,73c8bf5ba293d406659df93a4952b0a631999f4155ec7fe01acf582ce71049d6,8f398c86c553fae42557930703352e825c536b2aac8b4f0f07ebe19abc4e6136',
    );
    // The whole file as the export wrote it with 1,000-row batches (and, since, each row's description beside its summary).
    expect({ bytes: body.byteLength, sha256: createHash("sha256").update(body).digest("hex") }).toEqual({
      bytes: 689389,
      sha256: "707ea48bf00f15ff219f605616a928cf78cfb868e65babdb8689816c06245e78",
    });
  });
});
