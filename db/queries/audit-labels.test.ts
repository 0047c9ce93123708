import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { cards } from "@/db/schema/cards";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { teams } from "@/db/schema/teams";
import { seedDemoActors, type DemoActors } from "@/lib/audit/test-actors";
import { withTestDatabase } from "@/test/database";
import { resolveAuditLabels } from "./audit-labels";
import { insertOrder } from "./provider-orders";
import { insertRequest } from "./requests";

const database = withTestDatabase();
let actors: DemoActors;
let ownCard: string;
let otherOrgCard: string;
let orderId: string;
let topUpRequestId: string;
let newCardRequestId: string;
let otherOrgTeamId: string;

beforeAll(async () => {
  const db = database.db();
  actors = await seedDemoActors(db);
  const [account] = await db.select().from(providerAccounts).limit(1);
  const [own] = await db
    .insert(cards)
    .values({ organizationId: actors.finance.organizationId, providerAccountId: account!.id, cardModel: "prepaid", currency: "USD", status: "active", alias: "Omar fuel" })
    .returning();
  ownCard = own!.id;
  const [otherOrg] = await db.insert(organizations).values({ name: "Other Company" }).returning();
  const [otherAccount] = await db
    .insert(providerAccounts)
    .values({ organizationId: otherOrg!.id, provider: "cardepass", label: "Other", baseUrl: "http://127.0.0.1:1", credentialsEncrypted: "x", ...storedWebhookSecret(randomBytes(8).toString("hex")) })
    .returning();
  const [other] = await db
    .insert(cards)
    .values({ organizationId: otherOrg!.id, providerAccountId: otherAccount!.id, cardModel: "prepaid", currency: "USD", status: "active", alias: "Someone else's card" })
    .returning();
  otherOrgCard = other!.id;
  const order = await insertOrder(db, {
    organizationId: actors.finance.organizationId,
    providerAccountId: account!.id,
    cardId: ownCard,
    type: "topup",
    amount: 2000n,
    currency: "USD",
    request: { type: "topup", amount: "2000" },
    createdByUserId: actors.finance.id,
  });
  orderId = order.id;
  const request = {
    organizationId: actors.finance.organizationId,
    steps: ["finance" as const],
    requesterUserId: actors.employee.id,
    beneficiaryUserId: actors.employee.id,
    teamId: actors.employee.teamIds[0]!,
    currency: "USD",
    policyAmount: 5000n,
    threshold: 0n,
    purpose: "Conference travel",
  };
  topUpRequestId = (await insertRequest(db, { ...request, kind: "top_up", cardId: ownCard, requested: { amount: "5000" } })).id;
  newCardRequestId = (await insertRequest(db, { ...request, kind: "new_card", details: { alias: "Travel" }, requested: { amount: "8000" } })).id;
  const [otherTeam] = await db.insert(teams).values({ organizationId: otherOrg!.id, name: "Their team" }).returning();
  otherOrgTeamId = otherTeam!.id;
});

const row = (values: Partial<{ action: string; actorUserId: string | null; targetType: string | null; targetId: string | null; teamId: string | null; summary: Record<string, unknown> }>) => ({
  action: "card.updated",
  actorUserId: null,
  targetType: null,
  targetId: null,
  summary: {},
  ...values,
});

describe("resolving what audit rows name", () => {
  it("names cards, people and an order's card of the organisation in one pass", async () => {
    const labels = await resolveAuditLabels(database.db(), {
      viewer: actors.finance,
      rows: [
        row({ actorUserId: actors.finance.id, targetType: "card", targetId: ownCard }),
        row({ targetType: "order", targetId: orderId }),
        row({ targetType: "user", targetId: actors.employee.id, summary: { after: { ownerUserId: actors.employee2.id } } }),
      ],
    });
    expect(labels.cards.get(ownCard)).toEqual({ alias: "Omar fuel" });
    expect(labels.orderCards.get(orderId)).toBe(ownCard);
    expect(labels.users.get(actors.finance.id)?.email).toBe(actors.finance.email);
    expect(labels.users.get(actors.employee.id)?.name).toBe(actors.employee.name);
    expect(labels.users.get(actors.employee2.id)).toBeDefined();
  });

  it("names card requests (for whom, what kind, the card or the alias asked for) and teams", async () => {
    const ownTeam = actors.employee.teamIds[0]!;
    const labels = await resolveAuditLabels(database.db(), {
      viewer: actors.finance,
      rows: [
        row({ action: "request.created", targetType: "request", targetId: topUpRequestId }),
        row({ action: "request.created", targetType: "request", targetId: newCardRequestId }),
        row({ action: "team.updated", targetType: "team", targetId: ownTeam }),
        row({ action: "team.updated", targetType: "team", targetId: otherOrgTeamId }),
      ],
    });
    expect(labels.requests.get(topUpRequestId)).toEqual({
      kind: "top_up",
      beneficiaryUserId: actors.employee.id,
      beneficiaryName: actors.employee.name,
      currency: "USD",
      cardId: ownCard,
      requestedAlias: null,
    });
    // The request's card is looked up with the page's other cards, so its events name it.
    expect(labels.cards.get(ownCard)).toEqual({ alias: "Omar fuel" });
    expect(labels.requests.get(newCardRequestId)).toMatchObject({ kind: "new_card", cardId: null, requestedAlias: "Travel" });
    expect(labels.teams.get(ownTeam)?.name).toMatch(/\S/);
    expect(labels.teams.has(otherOrgTeamId)).toBe(false);
  });

  it("explains the Chinese in a failed order's provider message, and only where there is Chinese", async () => {
    const chinese = "Refused (provider says: 余额不足)";
    const labels = await resolveAuditLabels(database.db(), {
      viewer: actors.finance,
      rows: [row({ summary: { failureMessage: chinese } }), row({ summary: { failureMessage: "Card not found" } })],
    });
    expect(labels.providerTexts.get(chinese)).toEqual({ known: true, english: "Not enough balance.", complete: true });
    expect(labels.providerTexts.has("Card not found")).toBe(false);
    const failedRequest = await resolveAuditLabels(database.db(), { viewer: actors.finance, rows: [row({ action: "request.failed", summary: { reason: chinese } })] });
    expect(failedRequest.providerTexts.get(chinese)).toEqual({ known: true, english: "Not enough balance.", complete: true });
    expect(labels.actions.get("card.updated")).toBe("Card renamed or retagged");
  });

  it("never names another organisation's card, and ignores ids that are not uuids", async () => {
    const labels = await resolveAuditLabels(database.db(), {
      viewer: actors.finance,
      rows: [row({ targetType: "card", targetId: otherOrgCard }), row({ targetType: "card", targetId: "not-a-uuid" }), row({ summary: { orderId: 42 } })],
    });
    expect(labels.cards.size).toBe(0);
    expect(labels.orderCards.size).toBe(0);
  });

  it("names to a manager only the cards and requests they may see: their own row about another team's card says nothing of it", async () => {
    const db = database.db();
    const manager = actors.manager;
    const managed = manager.managedTeamIds[0]!;
    const [elsewhere] = await db.insert(teams).values({ organizationId: manager.organizationId, name: "Not managed by them" }).returning();
    const [account] = await db.select().from(providerAccounts).limit(1);
    const card = (alias: string, teamId: string) => ({ organizationId: manager.organizationId, providerAccountId: account!.id, cardModel: "prepaid" as const, currency: "USD", status: "active" as const, alias, teamId, ownerUserId: actors.employee2.id });
    const [teamCard, foreignCard, movedAway] = await db.insert(cards).values([card("Their team's card", managed), card("Another team's secret", elsewhere!.id), card("Left their team", elsewhere!.id)]).returning();
    const request = { organizationId: manager.organizationId, steps: ["finance" as const], requesterUserId: actors.employee2.id, beneficiaryUserId: actors.employee2.id, currency: "USD", policyAmount: 5000n, threshold: 0n, purpose: "x" };
    const foreignRequest = (await insertRequest(db, { ...request, teamId: elsewhere!.id, kind: "new_card", details: { alias: "Secret project" }, requested: { amount: "100" } })).id;
    const teamRequest = (await insertRequest(db, { ...request, teamId: managed, kind: "top_up", cardId: teamCard!.id, requested: { amount: "100" } })).id;
    const rows = [
      row({ action: "permission.denied", actorUserId: manager.id, targetType: "card", targetId: foreignCard!.id, teamId: elsewhere!.id }),
      // Recorded in their team when the card was still in it: the team's history names it.
      row({ action: "card.left_team", actorUserId: actors.finance.id, targetType: "card", targetId: movedAway!.id, teamId: managed }),
      row({ actorUserId: manager.id, targetType: "card", targetId: teamCard!.id }),
      row({ action: "permission.denied", actorUserId: manager.id, targetType: "request", targetId: foreignRequest }),
      row({ action: "request.approved", actorUserId: manager.id, targetType: "request", targetId: teamRequest }),
    ];
    const labels = await resolveAuditLabels(db, { viewer: manager, rows });
    expect(labels.cards.get(teamCard!.id)).toEqual({ alias: "Their team's card" });
    expect(labels.cards.has(foreignCard!.id)).toBe(false);
    expect(labels.cards.get(movedAway!.id)).toEqual({ alias: "Left their team" });
    expect(labels.requests.has(teamRequest)).toBe(true);
    expect(labels.requests.has(foreignRequest)).toBe(false);
    // The same rows read by finance, who sees every card, name both.
    const all = await resolveAuditLabels(db, { viewer: actors.finance, rows });
    expect(all.cards.get(foreignCard!.id)).toEqual({ alias: "Another team's secret" });
    expect(all.requests.get(foreignRequest)).toMatchObject({ requestedAlias: "Secret project" });
  });
});
