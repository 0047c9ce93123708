import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { findRequest } from "@/db/queries/requests";
import type { SessionUser } from "@/lib/auth/session-user";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { cancelRequest } from "./cancel-request";
import { createRequest } from "./create-request";
import { approveRequest, rejectRequest } from "./decide-request";
import { approveRequestSchema, createRequestSchema, rejectRequestSchema } from "./schemas";

// Approval hands the request to the executor through pg-boss; here only the refusals are under test.
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
});

beforeEach(() => outsidePolicyWindow(db()));

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

async function topUp(user: SessionUser, amount: string): Promise<string> {
  const cardId = await activeCardOf(db(), { user, providerAccountId: accountId });
  return (await createRequest(db(), user, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount, purpose: "Ads budget" }))).requestId;
}

/** What approving, then rejecting, step 0 (the step the approver's dialog was opened on) is refused with. */
async function refusals(user: SessionUser, requestId: string) {
  const refusal = (error: { code: string; message: string }) => `${error.code}: ${error.message}`;
  const approve = await approveRequest(db(), user, TEST_META, approveRequestSchema.parse({ requestId, step: 0 })).then(() => "approved", refusal);
  const reject = await rejectRequest(db(), user, TEST_META, rejectRequestSchema.parse({ requestId, step: 0, comment: "Not this month" })).then(() => "rejected", refusal);
  return { approve, reject };
}

describe("a decision on a request that no longer waits for one says who ended the wait", () => {
  it("cancelled by its requester while the manager's dialog was open", async () => {
    const eli = await as("employee");
    const requestId = await topUp(eli, "40");
    await cancelRequest(db(), eli, TEST_META, { requestId });
    const said = "conflict: Eli Employee cancelled this request: there is nothing to decide.";
    expect(await refusals(await as("manager"), requestId)).toEqual({ approve: said, reject: said });
    expect((await findRequest(db(), requestId))?.status).toBe("cancelled");
  });

  it("rejected by another approver, or by the same one in another tab", async () => {
    const requestId = await topUp(await as("employee"), "41");
    const omar = await as("manager");
    await rejectRequest(db(), omar, TEST_META, rejectRequestSchema.parse({ requestId, step: 0, comment: "Use the team card" }));
    expect(await refusals(omar, requestId)).toEqual({
      approve: "conflict: You rejected this request: there is nothing to decide.",
      reject: "conflict: You rejected this request: there is nothing to decide.",
    });
  });

  it("approved by someone else: named, nothing left to decide", async () => {
    // A manager's own request below the threshold waits for one finance member: either of the two may take it.
    const requestId = await topUp(await as("manager"), "42");
    await approveRequest(db(), await as("finance"), TEST_META, approveRequestSchema.parse({ requestId, step: 0 }));
    const said = "conflict: Fiona Finance approved this request: there is nothing left to decide.";
    expect(await refusals(await as("finance2"), requestId)).toEqual({ approve: said, reject: said });
  });

  it("withdrawn by Cardhub or by someone other than its requester: withdrawn, not cancelled", async () => {
    const { notWaitingReason } = await import("./not-waiting");
    const request = { status: "cancelled" as const, requesterUserId: "eli" };
    expect(notWaitingReason(request, { type: "cancelled", actorUserId: null, actorName: null, comment: "Withdrawn: the card was closed." }, "omar")).toBe(
      "Cardhub withdrew this request: there is nothing to decide.",
    );
    expect(notWaitingReason(request, { type: "cancelled", actorUserId: "fiona", actorName: "Fiona Finance", comment: "The card went to Emma." }, "omar")).toBe(
      "Fiona Finance withdrew this request: there is nothing to decide.",
    );
    expect(notWaitingReason(request, null, "omar")).toBe("This request is not waiting for an approval any more.");
  });
});
