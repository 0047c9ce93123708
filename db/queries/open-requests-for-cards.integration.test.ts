import { beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session-user";
import { createRequest } from "@/lib/requests/create-request";
import { createRequestSchema } from "@/lib/requests/schemas";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { listOpenRequestsForCards, updateRequest } from "./requests";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let employee: SessionUser;

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  employee = await sessionUserFor(db(), "employee@demo.test");
});

const topUp = async (cardId: string) =>
  (await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "5", purpose: "Taxis this week" }))).requestId;

describe("listOpenRequestsForCards", () => {
  it("gives each card's open requests by kind, and leaves out closed ones and other cards", async () => {
    const [open, closed, quiet, other] = await Promise.all([1, 2, 3, 4].map(() => activeCardOf(db(), { user: employee, providerAccountId: accountId })));
    const openId = await topUp(open!);
    await updateRequest(db(), await topUp(closed!), { status: "cancelled", awaiting: null });
    await topUp(other!);

    const found = await listOpenRequestsForCards(db(), [open!, closed!, quiet!]);
    expect(Object.fromEntries(found)).toEqual({ [open!]: { top_up: openId } });
    expect((await listOpenRequestsForCards(db(), [])).size).toBe(0);
  });
});
