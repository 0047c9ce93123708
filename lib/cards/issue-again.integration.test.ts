import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { insertOrder } from "@/db/queries/provider-orders";
import { organizations } from "@/db/schema/organizations";
import { seedDemo } from "@/db/seed";
import { refreshAccountProducts } from "@/lib/products/refresh-products";
import type { SessionUser } from "@/lib/auth/session-user";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor } from "@/test/session-user";
import { issueAgainValues } from "./issue-again";

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let accountId: string;
let finance: SessionUser;
let eli: SessionUser;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  accountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
  await refreshAccountProducts(db(), accountId);
  finance = await sessionUserFor(db(), "finance@demo.test");
  eli = await sessionUserFor(db(), "employee@demo.test");
});
afterAll(async () => sandbox?.close());

/** A ShareBalance card of Eli's whose issue was refused (or, with status, one in another state), with its issue order. */
async function refusedCard(params: { status?: "failed" | "active"; tags?: string[]; request?: Record<string, unknown>; ownerUserId?: string } = {}): Promise<string> {
  const card = await insertCard(db(), {
    organizationId: eli.organizationId,
    providerAccountId: accountId,
    cardModel: "sharebalance",
    ownerUserId: params.ownerUserId ?? eli.id,
    teamId: eli.teamIds[0] ?? null,
    alias: "Ads refused",
    tags: params.tags ?? ["ads", "q4"],
    currency: "USD",
    status: params.status ?? "failed",
    limitPerTransaction: 25_000n,
    createdByUserId: finance.id,
  });
  await insertOrder(db(), {
    organizationId: eli.organizationId,
    providerAccountId: accountId,
    cardId: card.id,
    type: "issue",
    currency: "USD",
    status: "failed",
    failureMessage: "余额不足",
    request: params.request ?? { type: "issue", productId: "DGG0C4JD", model: "sharebalance", currency: "USD", alias: "Ads refused", tags: ["ads", "q4"], perTransactionLimit: "25000", lifetimeLimit: null },
    createdByUserId: finance.id,
  });
  return card.id;
}

describe("issuing a never-issued card again", () => {
  it("fills the form from what Cardhub stored of the attempt, amounts as decimals in the card's currency", async () => {
    const cardId = await refusedCard();
    const again = await issueAgainValues(db(), finance, cardId);
    expect(again).toEqual({
      fromAlias: "Ads refused",
      owner: { id: eli.id, label: "Eli Employee" },
      values: {
        accountId,
        productId: "DGG0C4JD",
        model: "sharebalance",
        currency: "USD",
        ownerUserId: eli.id,
        teamId: eli.teamIds[0],
        alias: "Ads refused",
        tags: "ads, q4",
        perTransactionLimit: "250.00",
        lifetimeLimit: "",
        unlimited: true,
      },
    });
  });

  it("leaves out a product the account no longer offers, and with it the card model", async () => {
    const cardId = await refusedCard({ request: { type: "issue", productId: "GONE0000", model: "sharebalance", currency: "USD", alias: "Ads refused", tags: [], perTransactionLimit: "25000", lifetimeLimit: null } });
    const again = await issueAgainValues(db(), finance, cardId);
    expect(again?.values.productId).toBeUndefined();
    expect(again?.values.model).toBeUndefined();
    expect(again?.values.accountId).toBe(accountId);
  });

  it("leaves out a stored value the form's schema refuses, keeping the rest", async () => {
    const tooMany = Array.from({ length: 30 }, (_, index) => `tag${index}`);
    const cardId = await refusedCard({ tags: tooMany });
    const again = await issueAgainValues(db(), finance, cardId);
    expect(again?.values.tags).toBeUndefined();
    expect(again?.values.alias).toBe("Ads refused");
    expect(again?.values.perTransactionLimit).toBe("250.00");
  });

  it("opens the form empty for a card that was issued, an id that is not one, and someone who may not issue", async () => {
    expect(await issueAgainValues(db(), finance, await refusedCard({ status: "active" }))).toBeNull();
    expect(await issueAgainValues(db(), finance, "not-a-card")).toBeNull();
    expect(await issueAgainValues(db(), finance, undefined)).toBeNull();
    expect(await issueAgainValues(db(), eli, await refusedCard())).toBeNull();
  });

  it("opens the form empty, as for an id that is no card, for finance of another organisation: no holder, no existence oracle", async () => {
    const cardId = await refusedCard({ request: { type: "issue", productId: "DGG0C4JD", model: "sharebalance", currency: "USD", alias: "Ads refused", tags: [], perTransactionLimit: "25000", lifetimeLimit: null } });
    const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
    const outsider: SessionUser = { ...finance, id: crypto.randomUUID(), organizationId: other!.id, teamIds: [], managedTeamIds: [] };
    expect(await issueAgainValues(db(), outsider, cardId)).toBeNull();
    expect(await issueAgainValues(db(), outsider, crypto.randomUUID())).toBeNull();
    // The same person in the card's organisation gets it: the refusal above is the organisation's, nothing else.
    expect(await issueAgainValues(db(), finance, cardId)).not.toBeNull();
  });

  it("does not start the form with an owner who may no longer hold a card (an auditor now), as the issue would refuse them", async () => {
    const auditor = await sessionUserFor(db(), "auditor@demo.test");
    const again = await issueAgainValues(db(), finance, await refusedCard({ ownerUserId: auditor.id }));
    expect(again?.owner).toBeNull();
    expect(again?.values.ownerUserId).toBeUndefined();
    expect(again?.values.alias).toBe("Ads refused");
  });
});
