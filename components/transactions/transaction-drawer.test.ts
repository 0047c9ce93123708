import { QueryObserver } from "@tanstack/react-query";
import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { TransactionListItem } from "./transaction-list-item";
import type { TransactionView } from "./transaction-view";

// The browser's <dialog> and the memo form (a server action) are not what is checked: the drawer's text is.
vi.mock("@/components/ui/native-modal", () => ({ NativeModal: ({ open, children, ...props }: { open: boolean; children?: ReactNode }) => (open ? createElement("div", { "data-modal": "", "aria-labelledby": (props as Record<string, string>)["aria-labelledby"] }, children) : null) }));
const memoForm = vi.hoisted(() => ({ props: null as null | { transactionId: string; onSaved?: () => void } }));
vi.mock("./memo-form", () => ({
  MemoForm: (props: { transactionId: string; onSaved?: () => void }) => {
    memoForm.props = props;
    return null;
  },
}));

const { TransactionDrawer } = await import("./transaction-drawer");
const { DetailsPart } = await import("./transaction-details");
const { DetailsAnswerError, detailsClientFor, detailsState, transactionDetailsQuery } = await import("./transaction-details-query");

const declinedRow: TransactionListItem = {
  id: "t1",
  occurredAt: "2026-12-02 11:38 UTC",
  occurredAtIso: "2026-12-02T11:38:00.000Z",
  status: "declined",
  kind: "Purchase",
  direction: "debit",
  amount: "−$165.88",
  currency: "USD",
  originalAmount: null,
  merchant: "GITHUB, INC. github.com",
  merchantCity: null,
  merchantCountry: null,
  memo: null,
  declineReason: "Not enough money on the card or funding account",
  cardId: "c1",
  cardLabel: "NobePay sandbox card 8531",
  cardName: "NobePay sandbox card",
  cardDigits: "8531",
  cardUnknownToProvider: false,
  ownerName: null,
  provider: "NobePay",
};

const declined: TransactionView = {
  ...declinedRow,
  authorisedAt: "2026-12-02 11:38 UTC",
  settledAt: null,
  providerStatus: "DECLINED",
  providerType: null,
  authorisedAmount: "−$165.88",
  settledAmount: null,
  merchantCategory: null,
  description: null,
  declineReason: "Not enough money on the card or funding account",
  providerDeclineReason: "balance not enough",
  mayEditMemo: false,
  providerTransactionId: "t_6499",
  unlinkedProviderCardId: null,
  teamName: null,
  accountLabel: "NobePay sandbox",
};

/** The drawer of `row`, opened on a list whose cache holds `details` for it (or nothing yet). */
function drawer(row: TransactionListItem, details?: TransactionView): { html: string; owner: object } {
  const owner = {};
  if (details) detailsClientFor(owner).setQueryData(transactionDetailsQuery(row.id).queryKey, details);
  return { html: renderToStaticMarkup(createElement(TransactionDrawer, { row, detailsCache: owner, onClose: () => undefined })), owner };
}
const render = (transaction: TransactionView) => drawer(transaction, transaction).html;
const rows = (html: string) => [...html.matchAll(/<dt[^>]*>(.*?)<\/dt><dd[^>]*>(.*?)<\/dd>/g)].map(([, label, value]) => `${label}: ${value!.replace(/<[^>]+>/g, "")}`);
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
const part = (state: Parameters<typeof DetailsPart>[0]["state"]) => renderToStaticMarkup(createElement(DetailsPart, { state, onRetry: () => undefined, onMemoSaved: () => undefined }));

describe("the transaction drawer", () => {
  it("calls a declined transaction's amount what the merchant asked for, not authorised", () => {
    const listed = rows(render(declined));
    expect(listed).toContain("Asked: −$165.88 · 2026-12-02 11:38 UTC");
    expect(listed.some((row) => row.startsWith("Authorised"))).toBe(false);
  });

  it("keeps Authorised for an amount that was authorised, held or released later", () => {
    expect(rows(render({ ...declined, status: "authorised", declineReason: null }))).toContain("Authorised: −$165.88 · 2026-12-02 11:38 UTC");
    expect(rows(render({ ...declined, status: "reversed", declineReason: null }))).toContain("Authorised: −$165.88 · 2026-12-02 11:38 UTC");
  });

  it("says what the status means for money coming in on a credit, not a debit's words", () => {
    const topUp: TransactionListItem = { ...declinedRow, status: "settled", kind: "Top-up", direction: "credit", amount: "+$25.00" };
    expect(text(drawer(topUp).html)).toContain("The money has reached the card.");
    expect(text(drawer(topUp).html)).not.toContain("left the card");
    const pendingRefund: TransactionListItem = { ...declinedRow, status: "authorised", kind: "Refund", direction: "credit", amount: "+$12.00" };
    expect(text(drawer(pendingRefund).html)).not.toContain("Counted as spend");
    expect(text(drawer({ ...pendingRefund, direction: "debit", amount: "−$12.00" }).html)).toContain("Counted as spend");
  });

  it("shows the card as a link, underlined like links elsewhere, its last four digits kept on one line", () => {
    const card = /<a [^>]*href="\/cards\/c1"[^>]*>.*?<\/a>/.exec(render(declined))![0];
    expect(card).toMatch(/class="[^"]*(?<![\w:-])underline(?![\w-])/);
    expect(card).toMatch(/<span class="[^"]*whitespace-nowrap[^"]*">8531<\/span>/);
  });

  it("opens at once with the list row's header, and a busy, labelled skeleton while the details load", () => {
    const { html } = drawer(declinedRow);
    const header = /<h2 [^>]*id="([^"]+)"[^>]*>(.*?)<\/h2>/.exec(html)!;
    expect(header[2]).toBe("GITHUB, INC. github.com");
    expect(html).toContain(`aria-labelledby="${header[1]}"`);
    expect(text(html)).toContain("Purchase on 2026-12-02 11:38 UTC");
    expect(text(html)).toContain("−$165.88 USD");
    expect(text(html)).toContain("Declined");
    expect(html).toMatch(/<div [^>]*aria-busy="true"[^>]*aria-label="Loading the transaction’s details"|<div [^>]*aria-label="Loading the transaction’s details"[^>]*aria-busy="true"/);
    // None of the details until they come: no guess from the list row in their place.
    expect(html).not.toContain("<dl");
    expect(html).not.toContain("t_6499");
    expect(html).not.toContain("Why it was declined");
  });

  it("shows the details, the provider's own words among them, once they are there", () => {
    const html = render(declined);
    expect(html).not.toContain('aria-busy="true"');
    expect(rows(html)).toContain("Provider’s id: t_6499");
    expect(rows(html)).toContain("Provider: NobePay · NobePay sandbox");
    expect(text(html)).toContain("NobePay says “DECLINED”");
    expect(text(html)).toContain("Why it was declined: Not enough money on the card or funding account");
  });

  it("calls a bare numeric provider status or type a code, with how Cardhub reads it, not words the provider said", () => {
    // cardopenapi.md lists "Card Trade Result" among its constants without giving their values, so Cardhub cannot say
    // what "2" means beyond its own reading (Refunded, settled): it is shown as the provider's code.
    const refund: TransactionView = { ...declined, provider: "Card OPEN-API", status: "settled", kind: "Refund", providerStatus: "2", providerType: "2", declineReason: null, providerDeclineReason: null };
    const shown = text(render(refund));
    expect(shown).toContain("Card OPEN-API’s status code 2, read as settled");
    expect(shown).not.toContain("says “2”");
    // Its trade type the same way: the code with Cardhub's reading, never a bare number.
    expect(rows(render(refund))).toContain("Provider type: Code 2, read as refund");
    // Words stay quoted as the provider's own.
    expect(text(render(declined))).toContain("NobePay says “DECLINED”");
  });

  it("has a saved memo fetch the details again, so the drawer shows what was saved", async () => {
    const { owner } = drawer(declinedRow, { ...declined, mayEditMemo: true });
    const client = detailsClientFor(owner);
    const key = transactionDetailsQuery(declined.id).queryKey;
    expect(memoForm.props?.transactionId).toBe(declined.id);
    expect(client.getQueryState(key)?.isInvalidated).toBe(false);
    const fetched = vi.fn(async () => Response.json({ ...declined, memo: "Team seats" }));
    vi.stubGlobal("fetch", fetched);
    // What the mounted drawer's useQuery is in the browser (a static render subscribes nothing): the query's observer.
    const unsubscribe = new QueryObserver(client, transactionDetailsQuery(declined.id)).subscribe(() => undefined);
    try {
      expect(fetched).not.toHaveBeenCalled();
      memoForm.props!.onSaved!();
      expect(client.getQueryState(key)?.isInvalidated).toBe(true);
      await vi.waitFor(() => expect(client.getQueryData(key)).toMatchObject({ memo: "Team seats" }));
      expect(fetched).toHaveBeenCalledWith(`/api/transactions/${declined.id}`, expect.objectContaining({ cache: "no-store" }));
    } finally {
      unsubscribe();
      vi.unstubAllGlobals();
    }
  });

  it("keeps each list's details to itself", () => {
    const { owner } = drawer(declinedRow, declined);
    expect(detailsClientFor(owner).getQueryData(transactionDetailsQuery(declined.id).queryKey)).toEqual(declined);
    expect(detailsClientFor({}).getQueryData(transactionDetailsQuery(declined.id).queryKey)).toBeUndefined();
  });
});

describe("the drawer's details part", () => {
  it("says a transaction the server no longer shows is no longer visible, with nothing else", () => {
    const html = part({ kind: "gone" });
    expect(text(html)).toContain("This transaction is no longer visible to you.");
    expect(html).not.toContain("<dl");
    expect(html).not.toContain("Retry");
  });

  it("says the details could not be loaded, with a Retry button", () => {
    const html = part({ kind: "failed", signedOut: false });
    expect(html).toMatch(/role="alert"[^>]*>[^<]*The details could not be loaded/);
    expect(html).toMatch(/<button[^>]*type="button"[^>]*>Retry<\/button>/);
  });

  it("says so when the session has ended", () => {
    expect(text(part({ kind: "failed", signedOut: true }))).toContain("Your session has ended");
  });
});

describe("detailsState", () => {
  it("is loading until an answer comes", () => {
    expect(detailsState({ data: undefined, error: null })).toEqual({ kind: "loading" });
  });

  it("is ready with the details", () => {
    expect(detailsState({ data: declined, error: null })).toEqual({ kind: "ready", transaction: declined });
    // A later refresh that failed for the server's or the network's sake keeps what was read.
    expect(detailsState({ data: declined, error: new DetailsAnswerError(500) })).toEqual({ kind: "ready", transaction: declined });
  });

  it("is gone on a 404, even over details read before", () => {
    expect(detailsState({ data: undefined, error: new DetailsAnswerError(404) })).toEqual({ kind: "gone" });
    expect(detailsState({ data: declined, error: new DetailsAnswerError(404) })).toEqual({ kind: "gone" });
  });

  it("failed on any other failure, saying when it was the session", () => {
    expect(detailsState({ data: undefined, error: new DetailsAnswerError(500) })).toEqual({ kind: "failed", signedOut: false });
    expect(detailsState({ data: undefined, error: new TypeError("Failed to fetch") })).toEqual({ kind: "failed", signedOut: false });
    expect(detailsState({ data: undefined, error: new DetailsAnswerError(401) })).toEqual({ kind: "failed", signedOut: true });
  });
});
