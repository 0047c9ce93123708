/**
 * One submission of the new-request form files one request: the form sends an id per submission, and the same id sent
 * again (a double click, a retry after a lost answer) answers the request it filed first instead of filing a second.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { products } from "@/db/schema/products";
import { cardRequests } from "@/db/schema/requests";
import type { SessionUser } from "@/lib/auth/session-user";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { createRequestSchema, type CreateRequestFormInput } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let employee: SessionUser;

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  await db().insert(products).values({ providerAccountId: accountId, providerProductId: "BIN-DBL", name: "BIN for double submits", cardModels: ["prepaid"], currencies: ["USD"] });
  employee = await sessionUserFor(db(), "employee@demo.test");
});

const newCardInput = (alias: string, submissionId?: string): CreateRequestFormInput => ({
  kind: "new_card",
  purpose: "Trade fair",
  card: { kind: "cardopenapi", accountId, productId: "BIN-DBL", alias, initialAmount: "10", tags: [] },
  ...(submissionId ? { submissionId } : {}),
});

const file = (user: SessionUser, input: CreateRequestFormInput) => createRequest(db(), user, TEST_META, createRequestSchema.parse(input));

const rowsOf = (submissionId: string) => db().select().from(cardRequests).where(and(eq(cardRequests.organizationId, employee.organizationId), eq(cardRequests.submissionId, submissionId)));
const rowsNamed = async (alias: string) => (await db().select().from(cardRequests).where(eq(cardRequests.kind, "new_card"))).filter((row) => row.details.alias === alias);

describe("a new-card request sent twice under one submission id", () => {
  it("files one request; the second sending answers the first one's id", async () => {
    const submissionId = randomUUID();
    const first = await file(employee, newCardInput("Fair card A", submissionId));
    const again = await file(employee, newCardInput("Fair card A", submissionId));

    expect(again).toEqual(first);
    expect(await rowsOf(submissionId)).toHaveLength(1);
    expect(await rowsNamed("Fair card A")).toHaveLength(1);
  });

  it("files exactly one row when two sendings of one id run at the same moment", async () => {
    const submissionId = randomUUID();
    const results = await Promise.all([file(employee, newCardInput("Fair card B", submissionId)), file(employee, newCardInput("Fair card B", submissionId))]);

    expect(results[1]).toEqual(results[0]);
    expect(await rowsOf(submissionId)).toHaveLength(1);
    expect(await rowsNamed("Fair card B")).toHaveLength(1);
  });

  it("files two requests for two submissions (two ids, or none)", async () => {
    await file(employee, newCardInput("Fair card C", randomUUID()));
    await file(employee, newCardInput("Fair card C", randomUUID()));
    await file(employee, newCardInput("Fair card D"));
    await file(employee, newCardInput("Fair card D"));

    expect(await rowsNamed("Fair card C")).toHaveLength(2);
    expect(await rowsNamed("Fair card D")).toHaveLength(2);
  });

  it("refuses someone else's submission id, and files nothing for it", async () => {
    const submissionId = randomUUID();
    const { requestId } = await file(employee, newCardInput("Fair card E", submissionId));
    const finance = await sessionUserFor(db(), "finance@demo.test");

    const refused = file(finance, newCardInput("Someone else's card", submissionId));
    await expect(refused).rejects.toMatchObject({ code: "conflict" });
    await expect(refused).rejects.not.toMatchObject({ message: expect.stringContaining(requestId) });
    expect((await rowsOf(submissionId)).map((row) => row.id)).toEqual([requestId]);
    expect(await rowsNamed("Someone else's card")).toHaveLength(0);
  });

  it("refuses a different request under the id of one already filed", async () => {
    const submissionId = randomUUID();
    await file(employee, newCardInput("Fair card F", submissionId));
    const cardId = await activeCardOf(db(), { user: employee, providerAccountId: accountId });

    await expect(file(employee, { kind: "top_up", cardId, amount: "5", purpose: "Taxis", submissionId })).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/different request/) });
    expect(await rowsOf(submissionId)).toHaveLength(1);
  });

  it("is kept by the database too: a second row with one organisation's submission id cannot be written", async () => {
    const submissionId = randomUUID();
    const { requestId } = await file(employee, newCardInput("Fair card G", submissionId));
    const [row] = await db().select().from(cardRequests).where(eq(cardRequests.id, requestId));
    const { id: _id, createdAt: _created, updatedAt: _updated, ...copy } = row!;
    await expect(db().insert(cardRequests).values(copy)).rejects.toMatchObject({ cause: { code: "23505", constraint: "card_requests_org_submission_unique" } });
  });
});

describe("a top-up sent again after its answer was lost", () => {
  it("follows the first request instead of refusing it as a second open top-up on the card", async () => {
    const cardId = await activeCardOf(db(), { user: employee, providerAccountId: accountId });
    const submissionId = randomUUID();
    const input: CreateRequestFormInput = { kind: "top_up", cardId, amount: "25", purpose: "Ads budget", submissionId };
    const first = await file(employee, input);

    expect(await file(employee, input)).toEqual(first);
    expect(await Promise.all([file(employee, input), file(employee, input)])).toEqual([first, first]);
  });

  it("a new submission (another id) on a card with an open top-up is refused on the Card field", async () => {
    const cardId = await activeCardOf(db(), { user: employee, providerAccountId: accountId });
    await file(employee, { kind: "top_up", cardId, amount: "25", purpose: "Ads budget", submissionId: randomUUID() });

    await expect(file(employee, { kind: "top_up", cardId, amount: "30", purpose: "Ads budget", submissionId: randomUUID() })).rejects.toMatchObject({
      code: "conflict",
      fields: { cardId: expect.stringMatching(/already an open request of this kind/) },
    });
  });
});

describe("the submission id is checked on the server", () => {
  it("accepts a random (version 4) id only", () => {
    for (const submissionId of ["not-an-id", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", ""]) {
      const parsed = createRequestSchema.safeParse(newCardInput("Fair card", submissionId || " "));
      expect(parsed.success, submissionId).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(["submissionId"]);
    }
    const upper = randomUUID().toUpperCase();
    expect(createRequestSchema.parse(newCardInput("Fair card", upper)).submissionId).toBe(upper.toLowerCase());
  });
});
