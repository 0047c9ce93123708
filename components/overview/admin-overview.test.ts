import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ProviderAccountHealth } from "@/db/queries/provider-accounts";
import type { BackgroundSyncHealth } from "@/db/queries/provider-sync-status";
import { unreadProductsText } from "@/lib/products/products-refresh-outcome";
import type { AdminOverview } from "@/lib/overview/load-admin-overview";
import { AdminOverviewSection } from "./admin-overview";

const ACCOUNT = "5e48aa00-1234-4abc-8def-0123456789ab";
const at = new Date(Date.UTC(2026, 11, 2, 10, 42, 7));
const synced = new Date(Date.UTC(2026, 11, 2, 11, 0));

const account = (extra: Partial<ProviderAccountHealth> = {}): ProviderAccountHealth => ({
  id: ACCOUNT,
  provider: "cardopenapi",
  label: "Main OPEN-API",
  active: true,
  lastSyncedAt: synced,
  lastErrorAt: null,
  lastError: null,
  ...extra,
});

const productsRead = (lastError: string | null, lastErrorAt: Date | null = at): BackgroundSyncHealth => ({ accountId: ACCOUNT, kind: "products", lastSuccessAt: at, lastErrorAt, lastError });

const overview = (accounts: ProviderAccountHealth[], backgroundSync: BackgroundSyncHealth[]): AdminOverview => ({
  since: new Date(Date.UTC(2026, 10, 26)),
  accounts,
  backgroundSync,
  unreadTransactions: new Map(),
  mayDismissUnread: true,
  people: { active: 3, deactivated: 0, linkOpen: 0, linkExpired: 0, missingTwoFactor: 0 },
  twoFactorRoles: [],
  signInFailures: { count: 0, recent: [] },
  labels: { cards: new Map(), users: new Map(), orderCards: new Map(), requests: new Map(), teams: new Map(), providerTexts: new Map(), actions: new Map() },
});

const render = (data: AdminOverview) => renderToStaticMarkup(createElement(AdminOverviewSection, { data }));
/** What a screen reader reads of the accounts: the text, each paragraph apart. */
const text = (html: string) =>
  html
    .replace(/<\/(p|li)>/g, " ")
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");
const accountItem = (html: string) => html.match(/<li[^>]*data-testid="admin-account"[^>]*>[\s\S]*?<\/li>/)![0];

describe("the admin overview's provider accounts", () => {
  const reasons = unreadProductsText(["Card OPEN-API's BIN cpi_6530de6a2f1d9 states no currency", "The fees of BIN cpi_65a1b2c3d4e5f could not be read"]);

  it("says a products refresh that could not read some products read the rest, how many it left out, and where they are named", () => {
    const html = render(overview([account()], [productsRead(reasons)]));
    const item = accountItem(html);
    expect(text(item)).toContain("Products: read 2026-12-02 10:42 UTC, 2 could not be read.");
    expect(item).toContain(`href="/cards/products#account-${ACCOUNT}"`);
    expect(text(item)).toContain("Synced 2026-12-02 11:00 UTC.");
    // Partial, not failing: the card sync and every read that could be read worked.
    expect(item).not.toContain("text-destructive");
    expect(text(item)).not.toContain("Failing");
    expect(text(html)).toContain("Every active account synced on its last attempt.");
  });

  it("names it beside a failing card sync as well", () => {
    const html = render(overview([account({ lastErrorAt: synced, lastSyncedAt: at, lastError: "The card provider did not answer." })], [productsRead(reasons)]));
    const item = accountItem(html);
    expect(text(item)).toContain("Card sync failed 2026-12-02 11:00 UTC: The card provider did not answer.");
    expect(text(item)).toContain("Products: read 2026-12-02 10:42 UTC, 2 could not be read.");
  });

  it("says nothing of products after a clean refresh, and a failed one as failed", () => {
    const clean = accountItem(render(overview([account()], [productsRead("The card provider did not answer.", new Date(Date.UTC(2026, 11, 1)))])));
    expect(text(clean)).not.toContain("Products");
    const failed = accountItem(render(overview([account()], [productsRead("The card provider did not answer.", synced)])));
    expect(text(failed)).toContain("Products failed 2026-12-02 11:00 UTC: The card provider did not answer.");
    expect(text(failed)).not.toContain("could not be read");
  });
});
