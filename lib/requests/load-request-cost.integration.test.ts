import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { findCardForView } from "@/db/queries/cards";
import { replaceAccountBalances } from "@/db/queries/funding";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { insertRequest } from "@/db/queries/requests";
import { cards } from "@/db/schema/cards";
import type { SessionUser } from "@/lib/auth/session-user";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor } from "@/test/session-user";
import { loadRequestCost } from "./load-request-cost";

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let employee: SessionUser;

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  employee = await sessionUserFor(db(), "employee@demo.test");
  await replaceAccountBalances(db(), { providerAccountId: accountId, readings: [{ scope: "", currency: "USD", label: null, available: 4_900_000n, frozen: 0n, total: 4_900_000n }], at: new Date() });
});

async function topUpRequest() {
  const cardId = await activeCardOf(db(), { user: employee, providerAccountId: accountId });
  await db().update(cards).set({ cardModel: "prepaid" }).where(eq(cards.id, cardId));
  const request = await insertRequest(db(), {
    organizationId: employee.organizationId,
    kind: "top_up",
    steps: ["team_manager"],
    awaiting: "team_manager",
    requesterUserId: employee.id,
    beneficiaryUserId: employee.id,
    teamId: employee.teamIds[0]!,
    cardId,
    providerAccountId: accountId,
    currency: "USD",
    threshold: 100_000n,
    requested: { amount: "2550" },
    approved: { amount: "2550" },
    purpose: "Travel",
  });
  return { request, card: await findCardForView(db(), cardId) };
}

describe("a request's cost on its page", () => {
  it("shows finance the funding balance that pays, and never a manager or the requester (funding.view)", async () => {
    const { request, card } = await topUpRequest();
    const account = await findProviderAccount(db(), accountId);
    const finance = await sessionUserFor(db(), "finance@demo.test");
    const manager = await sessionUserFor(db(), "manager@demo.test");
    const forFinance = await loadRequestCost(db(), { request, card, product: null, account, viewer: finance });
    expect(forFinance?.paying).toEqual({ label: "Card OPEN-API funding balance", balance: expect.objectContaining({ available: "4900000", currency: "USD" }) });
    for (const viewer of [manager, employee]) {
      const view = await loadRequestCost(db(), { request, card, product: null, account, viewer });
      expect(view?.cost).toMatchObject({ action: "topup", amount: 2550n });
      expect(view?.paying).toBeNull();
      expect(JSON.stringify(view, (_key, value) => (typeof value === "bigint" ? value.toString() : value))).not.toContain("4900000");
    }
  });
});
