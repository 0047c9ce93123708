import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { EmptyState } from "@/components/layout/empty-state";
import { PageHeader } from "@/components/layout/page-header";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { firstElementOf } from "@/test/page-tree";
import { sessionIdFor, TEST_META } from "@/test/session-user";

// Only the cookie is stubbed: which session it names. Who that is and what they may see is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");

const { default: CardsPage } = await import("./page");

const database = withTestDatabase();

// The offline demo holds no card at all: every viewer's list is empty.
beforeAll(() => seedOfflineDemo(database.db()));

/** What /cards without filters says as this person, its header's scope and its empty state, as text. */
async function emptyCards(email: string): Promise<{ scope: string; empty: string }> {
  cookie.sessionId = await sessionIdFor(database.db(), email);
  const tree = (await CardsPage({ searchParams: Promise.resolve({}) })) as ReactElement;
  const empty = firstElementOf(tree, EmptyState);
  expect(empty, "the page shows its empty state").not.toBeNull();
  const header = firstElementOf(tree, PageHeader) as ReactElement<{ description: string }>;
  return { scope: header.props.description, empty: renderToStaticMarkup(empty!).replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ").trim() };
}

describe("/cards with no card to show", () => {
  it("a manager whose teams have no card: their cards and their teams', as the header says", async () => {
    const page = await emptyCards("manager2@demo.test");
    expect(page.scope).toBe("Your cards and those of the teams you manage, across every connected provider.");
    expect(page.empty).toBe("No cards yet Your cards and those of the teams you manage will appear here. To get one of your own, send a card request.");
  });

  it("an employee: cards issued to them", async () => {
    const page = await emptyCards("employee2@demo.test");
    expect(page.scope).toBe("Your cards, across every connected provider.");
    expect(page.empty).toBe("No cards yet Cards issued to you will appear here. To get one, send a card request.");
  });

  it("an auditor: every card of the company, and no request they could not send", async () => {
    const page = await emptyCards("auditor@demo.test");
    expect(page.scope).toBe("Every card of the company, across every connected provider.");
    expect(page.empty).toBe("No cards yet Every card of the company will appear here, once finance issues one or the next sync brings in existing cards.");
  });
});
