/**
 * Review cardopenapi43 F6: a Card OPEN-API card reported lost (cardopenapi.md card_list.status "6:已挂失") reads as
 * frozen, but it is not unfrozen through Cardhub: filing an unfreeze request, approving one filed before the report, and
 * finance's own unfreeze are refused with the reason (cancelling it stays possible: lib/cards/card-actions.test.ts).
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { insertCard, updateCard } from "@/db/queries/card-updates";
import { findRequest } from "@/db/queries/requests";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { withTestDatabase } from "@/test/database";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { createRequest } from "./create-request";
import { approveRequest } from "./decide-request";
import { approveRequestSchema, createRequestSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let cardopenapiAccount = "";

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  cardopenapiAccount = (await listProviderAccounts(db())).find((account) => account.provider === "cardopenapi")!.id;
});

beforeEach(() => outsidePolicyWindow(db()));

const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const LOST = /^This card was reported lost at Card OPEN-API, so it is not unfrozen here/;

/** A frozen Card OPEN-API card of this person, as a sync reads it: 3 已冻结, or 6 已挂失. */
async function frozenCardOf(user: SessionUser, providerStatus: "3" | "6"): Promise<string> {
  const card = await insertCard(db(), {
    organizationId: user.organizationId,
    providerAccountId: cardopenapiAccount,
    providerCardId: `lost-test-${crypto.randomUUID()}`,
    cardModel: "prepaid",
    ownerUserId: user.id,
    teamId: user.teamIds[0] ?? null,
    alias: `Card of ${user.email}`,
    currency: "USD",
    status: "frozen",
    providerStatus,
    balance: 10_000n,
  });
  return card.id;
}

const fileUnfreeze = async (user: SessionUser, cardId: string) => {
  const { requestId } = await createRequest(db(), user, TEST_META, createRequestSchema.parse({ kind: "unfreeze", cardId, purpose: "Travelling next week" }));
  return (await findRequest(db(), requestId))!;
};

describe("unfreezing a Card OPEN-API card reported lost", () => {
  it("filing an unfreeze request is refused with the reason, while an ordinary frozen card takes one", async () => {
    const employee = await as("employee");
    await expect(fileUnfreeze(employee, await frozenCardOf(employee, "6"))).rejects.toMatchObject({ code: "invalid_input", fields: { cardId: LOST } });
    expect(await fileUnfreeze(employee, await frozenCardOf(employee, "3"))).toMatchObject({ kind: "unfreeze", status: "pending" });
  });

  it("approving a request filed before the card was reported lost is refused with the reason", async () => {
    const employee = await as("employee");
    const cardId = await frozenCardOf(employee, "3");
    const request = await fileUnfreeze(employee, cardId);
    await updateCard(db(), cardId, { providerStatus: "6" });
    await expect(approveRequest(db(), await as("manager"), TEST_META, approveRequestSchema.parse({ requestId: request.id, step: request.currentStep }))).rejects.toMatchObject({
      code: "conflict",
      message: LOST,
    });
  });

  it("finance's own unfreeze is refused with the reason", async () => {
    const finance = await as("finance");
    const cardId = await frozenCardOf(await as("employee"), "6");
    await expect(requestCardChange(db(), finance, TEST_META, cardId, { type: "unfreeze" })).rejects.toMatchObject({ code: "conflict", message: LOST });
  });
});
