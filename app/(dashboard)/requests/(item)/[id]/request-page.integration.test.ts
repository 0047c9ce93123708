import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { insertCard, updateCard } from "@/db/queries/card-updates";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { createRequest } from "@/lib/requests/create-request";
import { rejectRequest } from "@/lib/requests/decide-request";
import { createRequestSchema, rejectRequestSchema } from "@/lib/requests/schemas";
import type { CardModel } from "@/lib/providers/types";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { adminContextFor } from "@/lib/users/admin-context";
import { setPersonActive } from "@/lib/users/set-person-active";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionIdFor, sessionUserFor, TEST_META } from "@/test/session-user";

// Only the cookie is stubbed: which session it names. Who that is and what they may see is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));
// The page's client parts refresh through the app router, which a static render has not mounted.
vi.mock("next/navigation", async (original) => ({ ...(await original<typeof import("next/navigation")>()), useRouter: () => ({ refresh: () => undefined, push: () => undefined }) }));
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");

const { default: RequestPage } = await import("./page");

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  await outsidePolicyWindow(db());
});

async function signInAs(email: string): Promise<void> {
  cookie.sessionId = await sessionIdFor(db(), email);
}

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");

const html = async (id: string) => renderToStaticMarkup((await RequestPage({ params: Promise.resolve({ id }), searchParams: Promise.resolve({}) })) as ReactElement);
const render = async (id: string) => text(await html(id));
const APPROVE_BUTTON = /Approve<\/button>/;

/** The employee's Card OPEN-API card, written straight into the table, and their request to activate or unfreeze it. */
async function statusChangeRequest(kind: "activate" | "unfreeze", card: { cardModel?: CardModel; balance?: bigint | null; limitLifetime?: bigint | null; limitUsed?: bigint | null }) {
  const employee = await sessionUserFor(db(), "employee@demo.test");
  const { id: cardId } = await insertCard(db(), {
    organizationId: employee.organizationId,
    providerAccountId: accountId,
    providerCardId: `page-${crypto.randomUUID()}`,
    cardModel: card.cardModel ?? "prepaid",
    ownerUserId: employee.id,
    teamId: employee.teamIds[0] ?? null,
    alias: "Road trip",
    currency: "USD",
    status: kind === "activate" ? "inactive" : "frozen",
    balance: card.balance === undefined ? 90_000n : card.balance,
    limitLifetime: card.limitLifetime ?? null,
    limitUsed: card.limitUsed ?? null,
  });
  const { requestId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind, cardId, purpose: "Travel next week" }));
  return { cardId, requestId };
}

describe("the request page of an activation or unfreeze", () => {
  it("tells the approver what approving releases to be spent, as weighed when it was filed", async () => {
    await signInAs("manager@demo.test");
    const prepaid = await statusChangeRequest("activate", { balance: 90_000n });
    // What the card holds later is not what the policy weighed: the page says what was weighed.
    await updateCard(db(), prepaid.cardId, { balance: 10_000n });
    expect(await html(prepaid.requestId)).toMatch(APPROVE_BUTTON);
    const page = await render(prepaid.requestId);
    expect(page).toContain("Amount Releases $900.00 to be spent: the card's balance when this was asked. No money moves.");
    expect(page).toContain("Finance approves from $1,000.00.");

    const unknown = await statusChangeRequest("activate", { balance: null });
    expect(await render(unknown.requestId)).toContain("Amount Releases a balance Cardhub did not know when this was asked, so finance approves too. No money moves.");

    const shared = await statusChangeRequest("unfreeze", { cardModel: "sharebalance", balance: null, limitLifetime: 200_000n, limitUsed: 150_000n });
    expect(await render(shared.requestId)).toContain("Amount Releases $500.00 to be spent: what was left of the card's lifetime limit when this was asked. No money moves.");
    const unlimited = await statusChangeRequest("unfreeze", { cardModel: "sharebalance", balance: null, limitLifetime: null });
    expect(await render(unlimited.requestId)).toContain("Amount Releases spending without a limit: the card had no lifetime limit when this was asked, so finance approves too. No money moves.");
  });

  it("says the card took the change another way, and offers only rejecting, once the card no longer needs it", async () => {
    const { cardId, requestId } = await statusChangeRequest("activate", { balance: 90_000n });
    await updateCard(db(), cardId, { status: "active" });
    await signInAs("manager@demo.test");
    expect(await render(requestId)).toContain("The card is already active, so this request is no longer needed. Reject it with a comment so it leaves the queue.");
    expect(await html(requestId)).not.toMatch(APPROVE_BUTTON);
    // The holder, who cannot decide, is told too.
    await signInAs("employee@demo.test");
    expect(await render(requestId)).toContain("The card is already active, so this request is no longer needed.");
  });
});

describe("the request page of a top-up whose card was frozen meanwhile", () => {
  it("says why it cannot be approved and offers only rejecting; the holder is told why too", async () => {
    const refused = "The card is frozen, so it cannot be topped up until it is unfrozen.";
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const cardId = await activeCardOf(db(), { user: employee, providerAccountId: accountId });
    const { requestId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "50", purpose: "Conference tickets" }));
    await signInAs("manager@demo.test");
    expect(await html(requestId)).toMatch(APPROVE_BUTTON);

    await updateCard(db(), cardId, { status: "frozen" });
    const page = await html(requestId);
    expect(text(page)).toContain(`${refused} Reject it with a comment so it leaves the queue.`);
    expect(page).not.toMatch(APPROVE_BUTTON);
    expect(page).toMatch(/Reject<\/button>/);

    await signInAs("employee@demo.test");
    expect(await render(requestId)).toContain(refused);
  });
});

describe("the request page of a rejected or cancelled top-up", () => {
  it("says nothing was charged instead of quoting a fee and a total that never left the funding account", async () => {
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const cardId = await activeCardOf(db(), { user: employee, providerAccountId: accountId });
    const rejected = (await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "75", purpose: "Taxi" }))).requestId;
    await rejectRequest(db(), await sessionUserFor(db(), "manager@demo.test"), TEST_META, rejectRequestSchema.parse({ requestId: rejected, step: 0, comment: "Use the team card" }));
    const other = await activeCardOf(db(), { user: employee, providerAccountId: accountId });
    const cancelled = (await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId: other, amount: "75", purpose: "Taxi" }))).requestId;
    await cancelRequest(db(), employee, TEST_META, { requestId: cancelled });

    await signInAs("employee@demo.test");
    const rejectedPage = await render(rejected);
    expect(rejectedPage).toContain("Nothing was charged: this request was rejected.");
    expect(rejectedPage).not.toContain("Total from the funding account");
    expect(await render(cancelled)).toContain("Nothing was charged: this request was cancelled.");
  });
});

// Last in the file: it deactivates Operations' only manager.
describe("the request page of a team whose manager cannot approve", () => {
  it("tells the requester and finance one story: finance takes the manager's step, and a second finance member approves after", async () => {
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const cardId = await activeCardOf(db(), { user: employee, providerAccountId: accountId });
    const { requestId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "50", purpose: "Team lunch" }));
    const manager = await sessionUserFor(db(), "manager@demo.test");
    await setPersonActive(db(), adminContextFor({ user: await sessionUserFor(db(), "admin@demo.test"), meta: TEST_META }), { userId: manager.id, active: false });

    await signInAs("employee@demo.test");
    const sent = text(renderToStaticMarkup((await RequestPage({ params: Promise.resolve({ id: requestId }), searchParams: Promise.resolve({ sent: "1" }) })) as ReactElement));
    expect(sent).toContain("It now waits for approval from finance, in place of the team's manager (the team has none who can approve it)");

    await signInAs("finance@demo.test");
    const page = await render(requestId);
    expect(page).toContain("The team has no manager who can approve it: finance takes the manager's step, and a second finance member approves after them.");
    expect(page).toContain("Step 1 of 2");
    expect(page).not.toContain("one approval is enough");
  });
});
