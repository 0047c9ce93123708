import { and, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { findRequest } from "@/db/queries/requests";
import { findUserByEmail } from "@/db/queries/users";
import { organizations } from "@/db/schema/organizations";
import { cardRequests } from "@/db/schema/requests";
import { toSessionUser, type SessionUser } from "@/lib/auth/session-user";
import { issueCard } from "@/lib/cards/issue-card";
import { issueCardSchema } from "@/lib/cards/schemas";
import { followOrder } from "@/lib/orders/follow-order";
import { isFinal } from "@/lib/orders/settle-order";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest, rejectRequest } from "@/lib/requests/decide-request";
import { executeRequest } from "@/lib/requests/execute-request";
import { approveRequestSchema, createRequestSchema } from "@/lib/requests/schemas";
import { DEMO_ORGANIZATION } from "./seed";

const SEED_META = { ip: null, userAgent: "cardhub-demo-seed" };
const STANDARD_PRODUCT = "DGG0C4JD";
const OPENAPI_PRODUCT = "cpi_6530de6a2f1c7";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function person(db: Db, email: string): Promise<SessionUser> {
  const user = await findUserByEmail(db, email);
  if (!user) throw new Error(`demo user ${email} is missing`);
  return toSessionUser(user, { id: "demo-seed", reauthenticatedAt: new Date() });
}

async function followToEnd(db: Db, orderId: string): Promise<void> {
  for (let step = 0; step < 200; step += 1) {
    const order = await followOrder(db, orderId);
    if (!order || isFinal(order)) return;
    await sleep(250);
  }
}

async function executeToEnd(db: Db, requestId: string): Promise<void> {
  for (let step = 0; step < 200; step += 1) {
    const { request } = await executeRequest(db, requestId);
    if (!request || request.status === "done" || request.status === "failed") return;
    await sleep(250);
  }
}

/**
 * The demo's cards and requests, made through the product's own paths against the running provider sandbox (so
 * every card exists at the provider, every step is audited): employee@ and employee2@ get a Cardepass and a Card
 * OPEN-API card each, and there is a request in every state. Runs once: skipped when the demo has any request.
 */
export async function seedDemoActivity(db: Db): Promise<{ seeded: boolean }> {
  if (process.env.NODE_ENV === "production") throw new Error("The demo seed never runs in production mode.");
  const [organization] = await db.select().from(organizations).where(eq(organizations.name, DEMO_ORGANIZATION)).limit(1);
  if (!organization) return { seeded: false };
  const [existing] = await db.select({ value: count() }).from(cardRequests).where(eq(cardRequests.organizationId, organization.id));
  if ((existing?.value ?? 0) > 0) return { seeded: false };

  await refreshAllProducts(db);
  const accounts = new Map((await listProviderAccounts(db, { organizationId: organization.id })).map((account) => [account.provider, account.id]));
  const finance = await person(db, "finance@demo.test");
  const manager = await person(db, "manager@demo.test");
  const manager2 = await person(db, "manager2@demo.test");
  const employee = await person(db, "employee@demo.test");
  const employee2 = await person(db, "employee2@demo.test");

  // Two active cards each, issued by finance.
  const cards: Record<string, { standard: string; openapi: string }> = {};
  for (const [owner, prefix] of [
    [employee, "Eli"],
    [employee2, "Emma"],
  ] as const) {
    const standard = await issueCard(db, finance, SEED_META, issueCardSchema.parse({ kind: "cardepass-standard", accountId: accounts.get("cardepass"), productId: STANDARD_PRODUCT, currency: "USD", ownerUserId: owner.id, alias: `${prefix} – Travel`, initialAmount: "150", tags: ["travel"] }));
    const openapi = await issueCard(db, finance, SEED_META, issueCardSchema.parse({ kind: "cardopenapi", accountId: accounts.get("cardopenapi"), productId: OPENAPI_PRODUCT, ownerUserId: owner.id, alias: `${prefix} – Software`, initialAmount: "80", tags: ["software"] }));
    await followToEnd(db, standard.orderId);
    await followToEnd(db, openapi.orderId);
    cards[owner.id] = { standard: standard.cardId, openapi: openapi.cardId };
  }

  const file = async (user: SessionUser, input: unknown) => (await createRequest(db, user, SEED_META, createRequestSchema.parse(input))).requestId;
  const approve = async (user: SessionUser, requestId: string) =>
    approveRequest(db, user, SEED_META, approveRequestSchema.parse({ requestId, step: (await findRequest(db, requestId))?.currentStep }));

  // Waiting for the manager: a small top-up.
  await file(employee, { kind: "top_up", cardId: cards[employee.id]!.openapi, amount: "200", purpose: "Annual design-tool licences renew next week" });
  // Waiting for finance: above the 1,000.00 USD threshold, the manager has approved.
  const big = await file(employee2, { kind: "top_up", cardId: cards[employee2.id]!.standard, amount: "1500", purpose: "Trade fair in Berlin: booth, hotel and travel" });
  await approve(manager2, big);
  // Rejected, with a comment the requester reads.
  const rejected = await file(employee, {
    kind: "new_card",
    purpose: "A separate card for team lunches",
    card: { kind: "cardopenapi", accountId: accounts.get("cardopenapi"), productId: OPENAPI_PRODUCT, alias: "Team lunches", initialAmount: "60", tags: [] },
  });
  await rejectRequest(db, manager, SEED_META, { requestId: rejected, step: 0, comment: "Please use the Operations team card for lunches." });
  // Done: a new card, approved and issued.
  const done = await file(employee2, {
    kind: "new_card",
    purpose: "Subscriptions for the social media tools",
    card: { kind: "cardopenapi", accountId: accounts.get("cardopenapi"), productId: OPENAPI_PRODUCT, alias: "Emma – Social tools", initialAmount: "40", tags: [] },
  });
  // With Emma's 1,500.00 top-up still open, this card's first load adds up past the threshold: finance approves too.
  await approve(manager2, done);
  if ((await findRequest(db, done))?.awaiting === "finance") await approve(finance, done);
  await executeToEnd(db, done);
  // Failed: the provider's funding account cannot cover it.
  const failed = await file(employee, {
    kind: "new_card",
    purpose: "Prepaid card for the supplier deposit",
    card: { kind: "cardepass-standard", accountId: accounts.get("cardepass"), productId: STANDARD_PRODUCT, currency: "USD", alias: "Supplier deposit", initialAmount: "9000000", tags: [] },
  });
  await approve(manager, failed);
  await approve(finance, failed);
  await executeToEnd(db, failed);

  const [made] = await db.select({ value: count() }).from(cardRequests).where(and(eq(cardRequests.organizationId, organization.id)));
  return { seeded: (made?.value ?? 0) > 0 };
}
