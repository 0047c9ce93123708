import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { cards } from "@/db/schema/cards";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemoActors, type DemoActors } from "@/lib/audit/test-actors";
import { withTestDatabase } from "@/test/database";
import { resolveAuditLabels } from "./audit-labels";
import { insertOrder } from "./provider-orders";

const database = withTestDatabase();
let actors: DemoActors;
let ownCard: string;
let otherOrgCard: string;
let orderId: string;

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
    .values({ organizationId: otherOrg!.id, provider: "cardepass", label: "Other", baseUrl: "http://127.0.0.1:1", credentialsEncrypted: "x", webhookSecret: randomBytes(8).toString("hex") })
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
});

const row = (values: Partial<{ action: string; actorUserId: string | null; targetType: string | null; targetId: string | null; summary: Record<string, unknown> }>) => ({
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
      organizationId: actors.finance.organizationId,
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

  it("explains the Chinese in a failed order's provider message, and only where there is Chinese", async () => {
    const chinese = "Refused (provider says: 余额不足)";
    const labels = await resolveAuditLabels(database.db(), {
      organizationId: actors.finance.organizationId,
      rows: [row({ summary: { failureMessage: chinese } }), row({ summary: { failureMessage: "Card not found" } })],
    });
    expect(labels.providerTexts.get(chinese)).toEqual({ known: true, english: "Not enough balance.", complete: true });
    expect(labels.providerTexts.has("Card not found")).toBe(false);
    expect(labels.actions.get("card.updated")).toBe("Card renamed or retagged");
  });

  it("never names another organisation's card, and ignores ids that are not uuids", async () => {
    const labels = await resolveAuditLabels(database.db(), {
      organizationId: actors.finance.organizationId,
      rows: [row({ targetType: "card", targetId: otherOrgCard }), row({ targetType: "card", targetId: "not-a-uuid" }), row({ summary: { orderId: 42 } })],
    });
    expect(labels.cards.size).toBe(0);
    expect(labels.orderCards.size).toBe(0);
  });
});
