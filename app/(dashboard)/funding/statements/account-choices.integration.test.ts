import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { EmptyState } from "@/components/layout/empty-state";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { firstElementOf } from "@/test/page-tree";
import { sessionIdFor, TEST_META } from "@/test/session-user";

// Only the cookie is stubbed: which session it names. Who that is and what they may see is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");

const { default: StatementsPage } = await import("./page");

const database = withTestDatabase();

beforeAll(() => seedOfflineDemo(database.db()));

/** The empty state /funding/statements shows this person when its address names no account or card, as HTML. */
async function choicesAs(email: string): Promise<string> {
  cookie.sessionId = await sessionIdFor(database.db(), email);
  const tree = (await StatementsPage({ searchParams: Promise.resolve({}) })) as ReactElement;
  const empty = firstElementOf(tree, EmptyState);
  expect(empty, "the page shows its empty state").not.toBeNull();
  return renderToStaticMarkup(empty!);
}

describe("/funding/statements without an account or card", () => {
  it("links each account whose provider keeps a statement, and says which provider keeps none", async () => {
    const accounts = await listProviderAccounts(database.db());
    expect(accounts.map((account) => account.provider).sort()).toEqual(["cardepass", "cardopenapi", "nobepay"]);
    const html = await choicesAs("finance@demo.test");
    for (const account of accounts) {
      const link = `href="/funding/statements?account=${account.id}"`;
      if (account.provider === "cardopenapi") {
        // Card OPEN-API has no account log: a link would open a page that can only say so.
        expect(html).not.toContain(link);
        expect(html).toContain(`<span>${account.label}</span> · Card OPEN-API, which keeps no statement`);
      } else {
        expect(html).toContain(link);
        expect(html).toContain(`>${account.label}</a>`);
      }
    }
    expect(html).toContain('href="/funding"');
  });

  it("shows an auditor the same choices: statements are theirs to read", async () => {
    const html = await choicesAs("auditor@demo.test");
    expect(html.match(/href="\/funding\/statements\?account=/g)).toHaveLength(2);
  });
});
