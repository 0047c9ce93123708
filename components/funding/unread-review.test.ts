import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { UnreadEntry } from "@/db/queries/transaction-rows-unread-review";
import { BackgroundSyncList } from "@/components/settings/background-sync-list";
import { encodeCursor, INVALID_PAGE } from "@/lib/lists/search-params";
import { parseUnreadReviewSearch, unreadReviewHref } from "@/lib/provider-accounts/unread-review-search";
import { dismissalReasonProblem } from "@/lib/provider-accounts/unread-dismissal-rules";
import { DismissUnreadButton } from "./dismiss-unread-button";
import { UnreadEntryList } from "./unread-entry-list";

const ACCOUNT = "5e48aa00-1234-4abc-8def-0123456789ab";
const ENTRY = "0b8f3d4e-1111-4222-8333-444455556666";

const entry = (extra: Partial<UnreadEntry> = {}): UnreadEntry => ({
  id: ENTRY,
  providerTransactionId: "T-9",
  reason: "Amount finer than USD allows.",
  openedAt: "2026-11-01T10:00:00.000000Z",
  firstSeenAt: new Date(Date.UTC(2026, 10, 1, 10, 0)),
  lastSeenAt: new Date(Date.UTC(2026, 10, 2, 10, 0)),
  dismissedAt: null,
  dismissedByName: null,
  dismissalReason: null,
  ...extra,
});

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
const dismissal = { accountId: ACCOUNT, accountLabel: "Card OPEN-API" };

describe("the review of an account's unread provider transactions", () => {
  it("is linked from the account's sync status on Settings, in words that say what the viewer can do there", () => {
    const unreadTransactions = { count: 1, first: [{ providerTransactionId: "T-9", reason: "bad amount", firstSeenAt: new Date(), lastSeenAt: new Date() }] };
    const html = renderToStaticMarkup(createElement(BackgroundSyncList, { provider: "cardopenapi", reads: [], unreadTransactions, unreadReview: { accountId: ACCOUNT, mayDismiss: true } }));
    expect(html).toContain(`href="/funding/unread?account=${ACCOUNT}"`);
    expect(text(html)).toContain("(transaction T-9: bad amount). Review or dismiss them");
  });

  it("has a Dismiss button per open entry that is only its trigger until used, named for screen readers", () => {
    const html = renderToStaticMarkup(createElement(DismissUnreadButton, { target: { ...dismissal, entry: { id: ENTRY, openedAt: "2026-11-01T10:00:00.000000Z", name: "transaction T-9", reason: "x" } }, label: "Dismiss", hiddenName: "transaction T-9" }));
    expect(html).toMatch(/^<button[^>]*aria-haspopup="dialog"[^>]*>Dismiss<span class="sr-only"> transaction T-9<\/span><\/button>$/);
    expect(html).not.toContain("<dialog");
    expect(html).not.toContain("Reason");
  });

  it("lists open entries with their id, reason and times, and a Dismiss button only for those who may", () => {
    const mayDismiss = text(renderToStaticMarkup(createElement(UnreadEntryList, { rows: [entry(), entry({ id: "x", providerTransactionId: null })], state: "open", caption: "Open", dismissal })));
    expect(mayDismiss).toContain("T-9 Amount finer than USD allows First seen 2026-11-01 10:00 UTC Last seen 2026-11-02 10:00 UTC Dismiss transaction T-9");
    expect(mayDismiss).toContain("No id given");
    expect(mayDismiss).toContain("Dismiss a transaction without an id");
    const readOnly = renderToStaticMarkup(createElement(UnreadEntryList, { rows: [entry()], state: "open", caption: "Open", dismissal: null }));
    expect(readOnly).not.toContain("<button");
  });

  it("lists dismissed entries with who dismissed each, when and why, and no button", () => {
    const row = entry({ dismissedAt: new Date(Date.UTC(2026, 11, 1, 9, 30)), dismissedByName: "Fran Finance", dismissalReason: "Provider will not fix it" });
    const html = renderToStaticMarkup(createElement(UnreadEntryList, { rows: [row], state: "dismissed", caption: "Dismissed", dismissal }));
    expect(text(html)).toContain("Dismissed 2026-12-01 09:30 UTC By Fran Finance Their reason “Provider will not fix it”");
    expect(html).not.toContain("<button");
  });

  it("reads its URL field by field, dropping a bad value with a notice", () => {
    const after = { sortKey: "2026-11-01T10:00:00.123456Z", id: ENTRY };
    expect(parseUnreadReviewSearch({ account: ACCOUNT.toUpperCase(), show: "dismissed", after: encodeCursor(after) })).toEqual({ search: { account: ACCOUNT, show: "dismissed", after }, ignored: [] });
    const bad = parseUnreadReviewSearch({ account: "nope", show: "all", after: encodeCursor({ sortKey: "2026-11-01", id: ENTRY }) });
    expect(bad.search).toEqual({ account: null, show: "open", after: null });
    expect(bad.ignored.map((issue) => issue.field)).toEqual(["account", "show", "after"]);
    expect(bad.ignored.find((issue) => issue.field === "after")?.message).toBe(INVALID_PAGE);
    expect(unreadReviewHref({ account: ACCOUNT, show: "dismissed", after })).toBe(`/funding/unread?account=${ACCOUNT}&show=dismissed&after=${encodeCursor(after)}`);
    expect(unreadReviewHref({ account: ACCOUNT, show: "open" })).toBe(`/funding/unread?account=${ACCOUNT}`);
  });

  it("asks for a short reason before it sends anything", () => {
    expect(dismissalReasonProblem("  ")).toMatch(/at least 3 characters/);
    expect(dismissalReasonProblem("x".repeat(201))).toMatch(/at most 200 characters/);
    expect(dismissalReasonProblem("Provider will not fix it")).toBeNull();
  });
});
