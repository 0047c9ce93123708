import { eq } from "drizzle-orm";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { updateCard } from "@/db/queries/card-updates";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { ACCOUNT_DISABLED_REASON } from "@/lib/cards/card-actions";
import { NOT_FOUND_AT_PROVIDER_REASON } from "@/lib/cards/provider-missing";
import { createRequest } from "@/lib/requests/create-request";
import { createRequestSchema } from "@/lib/requests/schemas";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionIdFor, sessionUserFor, TEST_META } from "@/test/session-user";

// Only the cookie is stubbed: which session it names. Who that is and what they may file is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));
// The form refreshes and navigates through the app router, which a static render has not mounted.
vi.mock("next/navigation", async (original) => ({ ...(await original<typeof import("next/navigation")>()), useRouter: () => ({ refresh: () => undefined, push: () => undefined }) }));
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");

const { default: NewRequestPage } = await import("./page");

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

/** The form as it opens from a card's "Request a top-up" link. */
const topUpForm = async (cardId: string) =>
  renderToStaticMarkup((await NewRequestPage({ searchParams: Promise.resolve({ kind: "top_up", cardId }) })) as ReactElement);
const offersCard = (html: string, cardId: string) => html.includes(`<option value="${cardId}"`);

/** What filing says about a top-up on this card: "filed", or its refusal on the card field. */
async function fileTopUp(cardId: string): Promise<string | undefined> {
  const employee = await sessionUserFor(db(), "employee@demo.test");
  const input = createRequestSchema.parse({ kind: "top_up", cardId, amount: "50", purpose: "Conference tickets" });
  return createRequest(db(), employee, TEST_META, input).then(
    () => "filed",
    (error: { fields?: Record<string, string> }) => error.fields?.cardId,
  );
}

describe("the new-request form offers exactly the cards filing accepts", () => {
  it("leaves out a card its provider no longer knows, which filing refuses", async () => {
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const known = await activeCardOf(db(), { user: employee, providerAccountId: accountId });
    const missing = await activeCardOf(db(), { user: employee, providerAccountId: accountId });
    await updateCard(db(), missing, { providerMissingSince: new Date() });
    await signInAs("employee@demo.test");

    const form = await topUpForm(missing);
    expect(offersCard(form, known)).toBe(true);
    expect(offersCard(form, missing)).toBe(false);
    expect(await fileTopUp(missing)).toBe(NOT_FOUND_AT_PROVIDER_REASON);
  });

  it("leaves out every card of a disabled provider account, which filing refuses, and offers them again once it is enabled", async () => {
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const card = await activeCardOf(db(), { user: employee, providerAccountId: accountId });
    await signInAs("employee@demo.test");
    await db().update(providerAccounts).set({ active: false }).where(eq(providerAccounts.id, accountId));
    try {
      const form = await topUpForm(card);
      expect(offersCard(form, card)).toBe(false);
      // As for any kind none of one's cards can take: shown, but not to be chosen.
      expect(form).toContain("None of your cards can take this now.");
      expect(await fileTopUp(card)).toBe(ACCOUNT_DISABLED_REASON);
    } finally {
      await db().update(providerAccounts).set({ active: true }).where(eq(providerAccounts.id, accountId));
    }
    expect(offersCard(await topUpForm(card), card)).toBe(true);
    expect(await fileTopUp(card)).toBe("filed");
  });
});
