import { sql } from "drizzle-orm";
import { isValidElement, type ReactElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { recordUnreadTransactionRows } from "@/db/queries/transaction-rows-unread";
import { listUnreadEntries, UNREAD_SORT_KEY_PATTERN, type UnreadEntry } from "@/db/queries/transaction-rows-unread-review";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { transactionRowsUnread } from "@/db/schema/transaction-rows-unread";
import { PROVIDER_LABELS } from "@/components/cards/labels";
import { DismissUnreadButton } from "@/components/funding/dismiss-unread-button";
import type { DismissTarget } from "@/components/funding/dismiss-unread-dialog";
import { UnreadEntryList } from "@/components/funding/unread-entry-list";
import type { ResponsiveListProps } from "@/components/lists/responsive-list";
import { dismissUnreadTransactions } from "@/lib/provider-accounts/dismiss-unread";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionIdFor, sessionUserFor, TEST_META } from "@/test/session-user";
import { adminContextFor } from "@/lib/users/admin-context";

// Only the cookie is stubbed: which session it names. Who that is and what they may see is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");

const { default: UnreadTransactionsPage } = await import("./page");

const database = withTestDatabase();
const db = () => database.db();
let accountId = "";
let otherAccountId = "";

beforeAll(async () => {
  accountId = await seedOfflineDemo(db());
  const at = new Date(Date.now() - 60_000);
  await recordUnreadTransactionRows(db(), {
    providerAccountId: accountId,
    rows: [
      { providerTransactionId: "T-open", reason: "Amount finer than USD allows." },
      { providerTransactionId: "T-dismissed", reason: "Unknown currency XYZ." },
    ],
    at,
  });
  const finance = await sessionUserFor(db(), "finance@demo.test");
  const listed = (await listUnreadEntries(db(), { providerAccountId: accountId, state: "open" })).rows.find((entry) => entry.providerTransactionId === "T-dismissed")!;
  await dismissUnreadTransactions(db(), adminContextFor({ user: finance, meta: TEST_META }), {
    accountId,
    entryId: listed.id,
    openedAt: listed.openedAt,
    reason: "Provider will not correct it",
  });
  const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
  const [account] = await db()
    .insert(providerAccounts)
    .values({ organizationId: other!.id, provider: "cardopenapi", label: "Theirs", baseUrl: "http://127.0.0.1:9", credentialsEncrypted: "x", webhookSecretDigest: crypto.randomUUID() })
    .returning();
  otherAccountId = account!.id;
  expect((await listProviderAccounts(db(), { organizationId: finance.organizationId })).map((item) => item.id)).toContain(accountId);
});

async function signInAs(email: string): Promise<void> {
  cookie.sessionId = await sessionIdFor(db(), email);
}

/** The page as HTML, or the 403 or 404 it answers. */
async function render(searchParams: Record<string, string>): Promise<string | 403 | 404> {
  try {
    return renderToStaticMarkup((await UnreadTransactionsPage({ searchParams: Promise.resolve(searchParams) })) as ReactElement);
  } catch (error) {
    const digest = (error as { digest?: string }).digest;
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;403") return 403;
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;404") return 404;
    throw error;
  }
}

/** The targets of the page's Dismiss buttons, as the page hands them to the dialog (props the HTML does not show). */
function dismissTargets(node: ReactNode): DismissTarget[] {
  if (Array.isArray(node)) return node.flatMap(dismissTargets);
  if (isValidElement<Parameters<typeof UnreadEntryList>[0]>(node) && node.type === UnreadEntryList) {
    // The list's rows, cell by cell: each open row's Dismiss button is drawn by a cell.
    const list = UnreadEntryList(node.props) as ReactElement<ResponsiveListProps<UnreadEntry>>;
    return list.props.rows.flatMap((row) => list.props.columns.flatMap((column) => dismissTargets(column.cell(row))));
  }
  if (!isValidElement<{ children?: ReactNode; target?: DismissTarget }>(node)) return [];
  const own = node.type === DismissUnreadButton && node.props.target ? [node.props.target] : [];
  return [...own, ...dismissTargets(node.props.children)];
}

const text = (html: string | number) => String(html).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("/funding/unread", () => {
  it("shows finance the open entries with a Dismiss button each and Dismiss all", async () => {
    await signInAs("finance@demo.test");
    const html = await render({ account: accountId });
    expect(text(html)).toContain("Open (1)");
    expect(text(html)).toContain("Dismissed (1)");
    expect(text(html)).toContain("T-open Amount finer than USD allows");
    expect(text(html)).not.toContain("T-dismissed");
    expect(text(html)).toContain("Dismiss transaction T-open");
    expect(text(html)).toContain("Dismiss all…");
  });

  it("hands Dismiss all the open entries it read, each with the openedAt read with its reason, so an entry the list did not hold, or held with another reason, is never dismissed with them", async () => {
    await signInAs("finance@demo.test");
    const tree = (await UnreadTransactionsPage({ searchParams: Promise.resolve({ account: accountId }) })) as ReactElement;
    const open = (await db().select().from(transactionRowsUnread)).find((entry) => entry.providerTransactionId === "T-open")!;
    const all = dismissTargets(tree).find((target) => target.entry === null);
    expect(all).toMatchObject({ accountId, entry: null, openCount: 1, entries: [{ id: open.id, openedAt: expect.stringMatching(UNREAD_SORT_KEY_PATTERN) }] });
  });

  it("shows an auditor who dismissed an entry, when and why, and no way to dismiss", async () => {
    await signInAs("auditor@demo.test");
    const dismissed = await render({ account: accountId, show: "dismissed" });
    expect(text(dismissed)).toMatch(/T-dismissed Unknown currency XYZ .* By Fiona Finance Their reason “Provider will not correct it”/);
    const open = await render({ account: accountId });
    expect(String(open)).not.toContain("Dismiss all");
    expect(String(open)).not.toContain("aria-haspopup=\"dialog\"");
  });

  it("answers another organisation's account as not found, and people without funding as forbidden", async () => {
    await signInAs("admin@demo.test");
    expect(await render({ account: otherAccountId })).toBe(404);
    expect(await render({ account: crypto.randomUUID() })).toBe(404);
    await signInAs("employee@demo.test");
    expect(await render({ account: accountId })).toBe(403);
  });

  it("opened without an account, links each of the organisation's accounts to its review with how many entries are open", async () => {
    await signInAs("auditor@demo.test");
    const html = String(await render({}));
    const accounts = await listProviderAccounts(db(), { organizationId: (await sessionUserFor(db(), "auditor@demo.test")).organizationId });
    expect(accounts).toHaveLength(3);
    for (const account of accounts) {
      expect(html).toContain(`href="/funding/unread?account=${account.id}"`);
      expect(text(html)).toContain(`${account.label} · ${PROVIDER_LABELS[account.provider]}, ${account.id === accountId ? "1 open entry" : "no open entries"}`);
    }
    expect(html).not.toContain(otherAccountId);
    await signInAs("employee@demo.test");
    expect(await render({})).toBe(403);
  });

  it("hands each entry's Dismiss the exact opened_at it read, microseconds included, and the server dismisses that version", async () => {
    // opened_at as PostgreSQL's own clock writes it (the column default), finer than a JavaScript Date can hold.
    const [exact] = await db()
      .insert(transactionRowsUnread)
      .values({ providerAccountId: accountId, providerTransactionId: "T-exact", reasonKey: "exact", reason: "Amount finer than EUR allows.", openedAt: sql`'2026-11-30T08:15:42.123456Z'::timestamptz` })
      .returning();
    await signInAs("finance@demo.test");
    const tree = (await UnreadTransactionsPage({ searchParams: Promise.resolve({ account: accountId }) })) as ReactElement;
    const one = dismissTargets(tree).find((target) => target.entry?.id === exact!.id);
    expect(one?.entry).toMatchObject({ id: exact!.id, openedAt: "2026-11-30T08:15:42.123456Z", name: "transaction T-exact" });
    const all = dismissTargets(tree).find((target) => target.entry === null);
    expect(all && !all.entry ? all.entries.find((entry) => entry.id === exact!.id) : null).toEqual({ id: exact!.id, openedAt: "2026-11-30T08:15:42.123456Z" });

    const finance = await sessionUserFor(db(), "finance@demo.test");
    await expect(
      dismissUnreadTransactions(db(), adminContextFor({ user: finance, meta: TEST_META }), { accountId, entryId: exact!.id, openedAt: one!.entry!.openedAt, reason: "Provider will not correct it" }),
    ).resolves.toEqual({ dismissed: 1, leftOpen: 1 });
  });
});
