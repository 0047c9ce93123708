/**
 * An approval is refused once the card, as it is now, cannot take the change the request would be carried out as (a
 * top-up on a card frozen meanwhile, a limit increase on a card in a state Cardhub does not know): approved, it could
 * only end in "failed" and its holder be told of a failure. The request stays pending, and can still be rejected.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { updateCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findRequest, listRequestEvents } from "@/db/queries/requests";
import { auditLog } from "@/db/schema/audit";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { ACCOUNT_DISABLED_REASON } from "@/lib/cards/card-actions";
import { NOT_FOUND_AT_PROVIDER_REASON } from "@/lib/cards/provider-missing-label";
import { activeCardOf, shareBalanceCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { approveRequest, rejectRequest } from "./decide-request";
import { approveRequestSchema, createRequestSchema, rejectRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let prepaidAccountId = "";
let cardepassAccountId = "";

beforeAll(async () => {
  prepaidAccountId = await seedOfflineDemo(db());
  cardepassAccountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
});

beforeEach(() => outsidePolicyWindow(db()));

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

const TOP_UP_REFUSED = "The card is frozen, so it cannot be topped up until it is unfrozen.";

async function topUp(cardId: string): Promise<string> {
  const input = createRequestSchema.parse({ kind: "top_up", cardId, amount: "50", purpose: "Conference tickets" });
  return (await createRequest(db(), await as("employee"), TEST_META, input)).requestId;
}

const approve = async (who: string, requestId: string) =>
  approveRequest(db(), await as(who), TEST_META, approveRequestSchema.parse({ requestId, step: (await findRequest(db(), requestId))!.currentStep }));

const reject = async (who: string, requestId: string) =>
  rejectRequest(db(), await as(who), TEST_META, rejectRequestSchema.parse({ requestId, step: (await findRequest(db(), requestId))!.currentStep, comment: "The card is frozen" }));

const approvalAudits = (requestId: string) => db().select().from(auditLog).where(and(eq(auditLog.action, "request.approved"), eq(auditLog.targetId, requestId)));

/** Nothing of an approval was written: the request waits at its first step, with no approval event or audit row. */
async function expectUndecided(requestId: string): Promise<void> {
  expect(await findRequest(db(), requestId)).toMatchObject({ status: "pending", currentStep: 0, awaiting: "team_manager", lastApproverUserId: null });
  expect((await listRequestEvents(db(), requestId)).map((event) => event.type)).toEqual(["created"]);
  expect(await approvalAudits(requestId)).toEqual([]);
}

describe("approving a request the card can no longer take", () => {
  it("refuses a top-up once the card is frozen, writes nothing, and approves it again once the card is active", async () => {
    const cardId = await activeCardOf(db(), { user: await as("employee"), providerAccountId: prepaidAccountId });
    const requestId = await topUp(cardId);
    await updateCard(db(), cardId, { status: "frozen" });

    await expect(approve("manager", requestId)).rejects.toMatchObject({ code: "conflict", message: TOP_UP_REFUSED });
    await expectUndecided(requestId);

    await updateCard(db(), cardId, { status: "active" });
    expect(await approve("manager", requestId)).toEqual({ status: "approved" });
    expect(await approvalAudits(requestId)).toHaveLength(1);
  });

  it("still lets the approver reject a top-up the frozen card cannot take", async () => {
    const cardId = await activeCardOf(db(), { user: await as("employee"), providerAccountId: prepaidAccountId });
    const requestId = await topUp(cardId);
    await updateCard(db(), cardId, { status: "frozen" });
    await expect(approve("manager", requestId)).rejects.toMatchObject({ code: "conflict", message: TOP_UP_REFUSED });

    expect(await reject("manager", requestId)).toEqual({ status: "rejected" });
    expect((await listRequestEvents(db(), requestId)).map((event) => event.type)).toEqual(["created", "rejected"]);
  });

  it("refuses a top-up on a card its provider no longer knows, with the reason filing gives, and writes nothing", async () => {
    const cardId = await activeCardOf(db(), { user: await as("employee"), providerAccountId: prepaidAccountId });
    const requestId = await topUp(cardId);
    await updateCard(db(), cardId, { providerMissingSince: new Date() });

    await expect(approve("manager", requestId)).rejects.toMatchObject({ code: "conflict", message: NOT_FOUND_AT_PROVIDER_REASON });
    await expectUndecided(requestId);
  });

  it("refuses a top-up while the card's provider account is disabled, and approves it once the account is enabled again", async () => {
    const cardId = await activeCardOf(db(), { user: await as("employee"), providerAccountId: prepaidAccountId });
    const requestId = await topUp(cardId);
    const enabled = (active: boolean) => db().update(providerAccounts).set({ active }).where(eq(providerAccounts.id, prepaidAccountId));
    await enabled(false);
    try {
      await expect(approve("manager", requestId)).rejects.toMatchObject({ code: "conflict", message: ACCOUNT_DISABLED_REASON });
      await expectUndecided(requestId);
    } finally {
      await enabled(true);
    }
    expect(await approve("manager", requestId)).toEqual({ status: "approved" });
  });

  it("refuses a limit increase once the provider reports the ShareBalance card in a state Cardhub does not know", async () => {
    const employee = await as("employee");
    const cardId = await shareBalanceCardOf(db(), { user: employee, providerAccountId: cardepassAccountId, limitLifetime: 20_000n });
    const input = createRequestSchema.parse({ kind: "limit_increase", cardId, perTransactionLimit: "60", lifetimeLimit: "300", purpose: "Ads budget for the quarter" });
    const { requestId } = await createRequest(db(), employee, TEST_META, input);
    // What a sync stores when Cardepass reports a status its adapter does not map (toCardStatus): open, but not live.
    await updateCard(db(), cardId, { status: "unknown" });

    await expect(approve("manager", requestId)).rejects.toMatchObject({ code: "conflict", message: "Only a live ShareBalance card has limits to increase." });
    await expectUndecided(requestId);
  });
});
