import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cardRequests } from "@/db/schema/requests";
import { cards } from "@/db/schema/cards";
import { findUserByEmail } from "@/db/queries/users";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { seedDemo } from "./seed";
import { seedDemoActivity } from "./seed-activity";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 20 });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
});
afterAll(async () => sandbox?.close());

describe("demo activity seed", () => {
  it("gives both employees two active cards and leaves a request in every state, once", async () => {
    const db = database.db();
    expect(await seedDemoActivity(db)).toEqual({ seeded: true });
    for (const email of ["employee@demo.test", "employee2@demo.test"]) {
      const owner = await findUserByEmail(db, email);
      const owned = await db.select().from(cards).where(eq(cards.ownerUserId, owner!.id));
      expect(owned.filter((card) => card.status === "active").length).toBeGreaterThanOrEqual(2);
    }
    const requests = await db.select().from(cardRequests);
    const states = requests.map((request) => (request.status === "pending" ? `pending:${request.awaiting}` : request.status)).sort();
    expect(states).toEqual(["done", "failed", "pending:finance", "pending:team_manager", "rejected"]);
    expect(await seedDemoActivity(db)).toEqual({ seeded: false });
    expect(await db.select().from(cardRequests)).toHaveLength(5);
  });
});
