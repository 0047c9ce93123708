import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCard, insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { auditLog } from "@/db/schema/audit";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { listOrdersForCard } from "@/db/queries/provider-orders";
import { cardRequests } from "@/db/schema/requests";
import { createRequest } from "@/lib/requests/create-request";
import { createRequestSchema } from "@/lib/requests/schemas";
import { availableCardActions } from "./card-actions";
import { requestCardChange, type CardChange } from "./request-card-change";
import { revealCardSecrets } from "./reveal-card";
import { reassignCard, updateCardDetails } from "./edit-card";
import { NEVER_ISSUED_REASON } from "./never-issued";

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let accountId: string;
let finance: SessionUser;
let eli: SessionUser;
let emma: SessionUser;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  accountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardepass")!.id;
  finance = await sessionUserFor(db(), "finance@demo.test");
  eli = await sessionUserFor(db(), "employee@demo.test");
  emma = await sessionUserFor(db(), "employee2@demo.test");
});
afterAll(async () => sandbox?.close());

/** Eli's card whose issue the provider refused: no provider card id, nothing at the provider. */
async function neverIssuedCard(): Promise<string> {
  const card = await insertCard(db(), {
    organizationId: eli.organizationId,
    providerAccountId: accountId,
    cardModel: "standard",
    ownerUserId: eli.id,
    teamId: eli.teamIds[0] ?? null,
    alias: "Refused at issue",
    tags: ["ads"],
    currency: "USD",
    status: "failed",
    createdByUserId: finance.id,
  });
  return card.id;
}

describe("a card that was never issued", () => {
  it("is offered no edit or reassign, and the server refuses both whatever the browser sends, changing nothing", async () => {
    const cardId = await neverIssuedCard();
    const before = (await findCard(db(), cardId))!;
    const offered = availableCardActions(finance, { ...before, provider: "cardepass" });
    expect(offered.has("edit")).toBe(false);
    expect(offered.has("reassign")).toBe(false);

    await expect(updateCardDetails(db(), finance, TEST_META, { cardId, alias: "Renamed", tags: [] })).rejects.toMatchObject({ code: "conflict", message: NEVER_ISSUED_REASON });
    await expect(reassignCard(db(), finance, TEST_META, { cardId, ownerUserId: emma.id })).rejects.toMatchObject({ code: "conflict", message: NEVER_ISSUED_REASON });

    const after = (await findCard(db(), cardId))!;
    expect({ alias: after.alias, tags: after.tags, ownerUserId: after.ownerUserId, teamId: after.teamId }).toEqual({
      alias: "Refused at issue",
      tags: ["ads"],
      ownerUserId: eli.id,
      teamId: eli.teamIds[0] ?? null,
    });
    const rows = await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, cardId));
    expect(rows.map((row) => row.action)).not.toEqual(expect.arrayContaining(["card.updated"]));
    expect(rows.map((row) => row.action)).not.toEqual(expect.arrayContaining(["card.reassigned"]));
  });

  it("refuses every change to its card with why, writing no order, so nothing is ever sent to the provider for it", async () => {
    const cardId = await neverIssuedCard();
    const changes: CardChange[] = [
      { type: "freeze" },
      { type: "unfreeze" },
      { type: "cancel" },
      { type: "activate" },
      { type: "topup", amount: "10" },
      { type: "withdraw", amount: "1" },
      { type: "limits", perTransactionLimit: "100", lifetimeLimit: "1000" },
    ];
    for (const change of changes) {
      await expect(requestCardChange(db(), finance, TEST_META, cardId, change), change.type).rejects.toMatchObject({ code: "conflict", message: NEVER_ISSUED_REASON });
    }
    expect((await listOrdersForCard(db(), { cardId, limit: 20 })).rows).toEqual([]);
    // Its number cannot be shown: refused (and audited) before the provider is asked.
    await expect(revealCardSecrets(db(), eli, TEST_META, { cardId })).rejects.toMatchObject({ code: "conflict" });
    const denied = await db().select({ action: auditLog.action, summary: auditLog.summary }).from(auditLog).where(eq(auditLog.targetId, cardId));
    expect(denied).toContainEqual({ action: "card.reveal_denied", summary: expect.objectContaining({ reason: "card_not_active" }) });
  });

  it("takes no request from its holder: each kind is refused on filing, nothing written", async () => {
    const cardId = await neverIssuedCard();
    for (const input of [
      { kind: "top_up", amount: "20", cardId, purpose: "Taxis" },
      { kind: "unfreeze", cardId, purpose: "Travelling" },
      { kind: "activate", cardId, purpose: "Travelling" },
      { kind: "limit_increase", perTransactionLimit: "100", lifetimeLimit: "1000", cardId, purpose: "Travelling" },
    ]) {
      // On the Card field, in the words the new-request form uses for a card that cannot take this kind.
      await expect(createRequest(db(), eli, TEST_META, createRequestSchema.parse(input)), input.kind).rejects.toMatchObject({ code: "invalid_input", fields: { cardId: expect.any(String) } });
    }
    expect(await db().select({ id: cardRequests.id }).from(cardRequests).where(eq(cardRequests.cardId, cardId))).toEqual([]);
  });
});
