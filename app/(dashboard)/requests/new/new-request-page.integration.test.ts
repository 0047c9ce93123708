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
import { NO_CARDS_YET, NONE_OF_YOUR_CARDS } from "@/lib/requests/why-no-card-takes";
import { activeCardOf, prepaidCardInStatus } from "@/test/card-fixtures";
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
/** The line under a kind's choice: its hint, or why none of the person's cards can take it. */
const kindHint = (html: string, kind: string) => new RegExp(`id="request-kind-${kind}"[^>]*>.*?<span class="text-muted-foreground text-xs">([^<]*)</span>`).exec(html)?.[1];

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
      expect(kindHint(form, "top_up")).toBe(NONE_OF_YOUR_CARDS);
      expect(await fileTopUp(card)).toBe(ACCOUNT_DISABLED_REASON);
    } finally {
      await db().update(providerAccounts).set({ active: true }).where(eq(providerAccounts.id, accountId));
    }
    expect(offersCard(await topUpForm(card), card)).toBe(true);
    expect(await fileTopUp(card)).toBe("filed");
  });
});

describe("the new-request form says why it does not offer a kind", () => {
  const form = async () => renderToStaticMarkup((await NewRequestPage({ searchParams: Promise.resolve({}) })) as ReactElement);
  const offered = (html: string, kind: string) => !new RegExp(`id="request-kind-${kind}"[^>]*disabled`).test(html);

  it("says no cards yet, then the one card's own reason, then the general rule or only that none can", async () => {
    const emma = await sessionUserFor(db(), "employee2@demo.test");
    await signInAs("employee2@demo.test");
    let html = await form();
    expect(offered(html, "top_up")).toBe(false);
    expect(kindHint(html, "top_up")).toBe(NO_CARDS_YET);
    expect(offered(html, "new_card")).toBe(true);
    expect(kindHint(html, "new_card")).toBe("A virtual card for you, with limits or a first top-up.");

    // One card: why it refuses each kind, as filing would say it.
    await prepaidCardInStatus(db(), { user: emma, providerAccountId: accountId, status: "frozen" });
    html = await form();
    expect(kindHint(html, "top_up")).toBe("The card is frozen, so it cannot be topped up until it is unfrozen.");
    expect(kindHint(html, "limit_increase")).toBe("Only a live ShareBalance card has limits to increase.");

    // Two cards refusing a top-up for different reasons (one frozen, one cancelled): only that none can; both refuse a
    // limit increase by its general rule, which is said.
    await prepaidCardInStatus(db(), { user: emma, providerAccountId: accountId, status: "cancelled" });
    html = await form();
    expect(kindHint(html, "top_up")).toBe(NONE_OF_YOUR_CARDS);
    expect(kindHint(html, "limit_increase")).toBe("Only a live ShareBalance card has limits to increase.");

    // A card that takes a top-up: offered, with its usual hint.
    await activeCardOf(db(), { user: emma, providerAccountId: accountId });
    html = await form();
    expect(offered(html, "top_up")).toBe(true);
    expect(kindHint(html, "top_up")).toBe("Money onto one of your prepaid cards.");
  });
});
