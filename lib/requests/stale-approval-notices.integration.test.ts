import { readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { notifications } from "@/db/schema/notifications";
import { cardRequests } from "@/db/schema/requests";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { createRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
const MIGRATION = readFileSync(path.join(process.cwd(), "db/migrations/0029_settle_stale_approval_notices.sql"), "utf8");

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
});

/** A pending top-up of the employee's, which notifies their manager for step 0 (unread). */
async function pendingTopUp(amount: string): Promise<string> {
  const employee = await sessionUserFor(db(), "employee@demo.test");
  const account = (await listProviderAccounts(db())).find((candidate) => candidate.provider === "cardopenapi")!;
  const card = await insertCard(db(), {
    organizationId: employee.organizationId,
    providerAccountId: account.id,
    cardModel: "prepaid",
    ownerUserId: employee.id,
    teamId: employee.teamIds[0] ?? null,
    alias: `Card ${amount}`,
    currency: "USD",
    status: "active",
    balance: 10_000n,
  });
  const input = createRequestSchema.parse({ kind: "top_up", cardId: card.id, amount, purpose: "Conference travel" });
  return (await createRequest(db(), employee, TEST_META, input)).requestId;
}

const unread = async (requestId: string) =>
  (await db().select({ readAt: notifications.readAt }).from(notifications).where(eq(notifications.href, `/requests/${requestId}`))).map((row) => row.readAt === null);

describe("migration 0029: approval notices left unread before decisions settled them", () => {
  it("marks read the notices of steps that no longer wait, and only those", async () => {
    const stillWaiting = await pendingTopUp("20");
    const movedOn = await pendingTopUp("21");
    const rejected = await pendingTopUp("22");
    // What the database held before 0028: decisions that left their step's notices unread.
    await db().update(cardRequests).set({ currentStep: 1, awaiting: "finance" }).where(eq(cardRequests.id, movedOn));
    await db().update(cardRequests).set({ status: "rejected", awaiting: null }).where(eq(cardRequests.id, rejected));
    expect([await unread(stillWaiting), await unread(movedOn), await unread(rejected)]).toEqual([[true], [true], [true]]);

    await db().execute(sql.raw(MIGRATION));

    expect(await unread(stillWaiting)).toEqual([true]);
    expect(await unread(movedOn)).toEqual([false]);
    expect(await unread(rejected)).toEqual([false]);
  });
});
