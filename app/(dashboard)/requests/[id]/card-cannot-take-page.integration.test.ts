import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { updateCard } from "@/db/queries/card-updates";
import { createSession } from "@/db/queries/sessions";
import { findUserByEmail } from "@/db/queries/users";
import { createRequest } from "@/lib/requests/create-request";
import { createRequestSchema } from "@/lib/requests/schemas";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";

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
  const user = await findUserByEmail(db(), email);
  cookie.sessionId = (await createSession(db(), { userId: user!.id, expiresAt: new Date(Date.now() + 3_600_000), ip: null, userAgent: null })).id;
}

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");
const html = async (id: string) => renderToStaticMarkup((await RequestPage({ params: Promise.resolve({ id }), searchParams: Promise.resolve({}) })) as ReactElement);
const APPROVE_BUTTON = /Approve<\/button>/;
const TOP_UP_REFUSED = "The card is frozen, so it cannot be topped up until it is unfrozen.";

describe("the request page of a top-up whose card was frozen meanwhile", () => {
  it("says why it cannot be approved and offers only rejecting; the holder is told why too", async () => {
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const cardId = await activeCardOf(db(), { user: employee, providerAccountId: accountId });
    const { requestId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId, amount: "50", purpose: "Conference tickets" }));
    await signInAs("manager@demo.test");
    expect(await html(requestId)).toMatch(APPROVE_BUTTON);

    await updateCard(db(), cardId, { status: "frozen" });
    const page = await html(requestId);
    expect(text(page)).toContain(`${TOP_UP_REFUSED} Reject it with a comment so it leaves the queue.`);
    expect(page).not.toMatch(APPROVE_BUTTON);
    expect(page).toMatch(/Reject<\/button>/);

    await signInAs("employee@demo.test");
    expect(text(await html(requestId))).toContain(TOP_UP_REFUSED);
  });
});
