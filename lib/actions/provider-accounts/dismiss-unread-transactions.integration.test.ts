import { and, desc, eq, gt, max } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { listOpenUnreadTransactionRows, recordUnreadTransactionRows, resolveUnreadTransactionRows } from "@/db/queries/transaction-rows-unread";
import { countUnreadEntries, listUnreadEntries, openEntriesQuery } from "@/db/queries/transaction-rows-unread-review";
import { auditLog } from "@/db/schema/audit";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { transactionRowsUnread } from "@/db/schema/transaction-rows-unread";
import { settingsEventSentence } from "@/components/audit/settings-event-sentence";
import type { SessionUser } from "@/lib/auth/session-user";
import { loadAdminOverview } from "@/lib/overview/load-admin-overview";
import { UNREAD_NAMED, unreadTransactionsMessage } from "@/lib/provider-accounts/unread-transactions";
import { writePage } from "@/lib/transactions/sync-context";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionUserFor, TEST_META } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const { dismissUnreadTransactionsAction } = await import("@/lib/actions/provider-accounts/dismiss-unread-transactions");

const database = withTestDatabase();
const db = () => database.db();
let account: { id: string; organizationId: string; label: string };

beforeAll(async () => {
  await seedOfflineDemo(db());
  const found = (await listProviderAccounts(db())).find((item) => item.provider === "cardopenapi")!;
  account = { id: found.id, organizationId: found.organizationId, label: found.label };
});

// Each test starts with no entries, and reads only the audit rows written after it began (the log is append-only).
let auditMark = 0n;
beforeEach(async () => {
  await db().delete(transactionRowsUnread);
  auditMark = (await db().select({ last: max(auditLog.id) }).from(auditLog))[0]?.last ?? 0n;
});

const as = async (who: string) => (session.user = await sessionUserFor(db(), `${who}@demo.test`));

const AMOUNT = "Card OPEN-API sent an amount finer than its currency allows (1.234 USD).";
const CURRENCY = "Card OPEN-API sent an amount in a currency Cardhub does not know (XYZ).";
const WHY = "The provider will not correct this row; agreed with their support.";

/** Entries the sync left, as a sync page leaves them (writePage), first seen at `at`. */
async function unread(ids: (string | null)[], at = new Date(Date.now() - 60_000), reason = AMOUNT, accountId = account.id) {
  await recordUnreadTransactionRows(db(), { providerAccountId: accountId, rows: ids.map((providerTransactionId) => ({ providerTransactionId, reason })), at });
  return db().select().from(transactionRowsUnread).where(eq(transactionRowsUnread.providerAccountId, accountId));
}

const entryOf = async (providerTransactionId: string) =>
  (await db().select().from(transactionRowsUnread).where(and(eq(transactionRowsUnread.providerAccountId, account.id), eq(transactionRowsUnread.providerTransactionId, providerTransactionId))))[0]!;

const openStatus = async () => (await listOpenUnreadTransactionRows(db(), { organizationId: account.organizationId, limit: UNREAD_NAMED })).get(account.id);

const dismissals = () => db().select().from(auditLog).where(and(eq(auditLog.action, "transaction.unread_dismissed"), gt(auditLog.id, auditMark))).orderBy(desc(auditLog.id));

async function lastDenial(email: string) {
  const [row] = await db().select().from(auditLog).where(and(eq(auditLog.actorEmail, email), eq(auditLog.outcome, "denied"))).orderBy(desc(auditLog.id)).limit(1);
  return row;
}

/** One open entry as the review page lists it, named as its Dismiss button sends it: its id and the openedAt shown. */
async function shown(providerTransactionId: string): Promise<{ entryId: string; openedAt: string }> {
  const row = (await listUnreadEntries(db(), { providerAccountId: account.id, state: "open", limit: 500 })).rows.find((item) => item.providerTransactionId === providerTransactionId)!;
  return { entryId: row.id, openedAt: row.openedAt };
}

/** The open entries "Dismiss all" names, oldest first, each as the page read it (its id and the openedAt shown). */
const openEntries = () => openEntriesQuery(db(), { providerAccountId: account.id, limit: 500 });

/** A well-formed openedAt, as the page sends it (microseconds), for calls refused before any entry is looked at. */
const SOME_TIME = "2026-12-02T10:00:00.123456Z";

describe("dismissUnreadTransactionsAction: who may", () => {
  it("refuses employees, managers and auditors, records each refusal on the account, and dismisses nothing", async () => {
    await unread(["t-refused"]);
    const entry = await shown("t-refused");
    for (const who of ["employee", "manager", "auditor"]) {
      await as(who);
      expect(await dismissUnreadTransactionsAction({ accountId: account.id, ...entry, reason: WHY })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await lastDenial(`${who}@demo.test`)).toMatchObject({
        action: "permission.denied",
        targetType: "provider_account",
        targetId: account.id,
        summary: { permission: "transaction.dismiss_unread", reason: "role_not_allowed" },
      });
    }
    expect(await entryOf("t-refused")).toMatchObject({ dismissedAt: null, dismissedByUserId: null, dismissalReason: null });
    expect(await openStatus()).toMatchObject({ count: 1 });
    expect(await dismissals()).toEqual([]);
  });

  it("lets finance and admins dismiss", async () => {
    await unread(["t-finance", "t-admin"]);
    const finance = await as("finance");
    expect(await dismissUnreadTransactionsAction({ accountId: account.id, ...(await shown("t-finance")), reason: WHY })).toEqual({
      ok: true,
      data: { dismissed: 1, leftOpen: 1 },
    });
    expect(await entryOf("t-finance")).toMatchObject({ dismissedByUserId: finance.id, dismissalReason: WHY });
    const admin = await as("admin");
    expect(await dismissUnreadTransactionsAction({ accountId: account.id, ...(await shown("t-admin")), reason: WHY })).toEqual({
      ok: true,
      data: { dismissed: 1, leftOpen: 0 },
    });
    expect(await entryOf("t-admin")).toMatchObject({ dismissedByUserId: admin.id, dismissalReason: WHY });
  });

  it("answers another organisation's account or entry as not found, names it in no audit row, and leaves it open", async () => {
    const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
    const [otherAccount] = await db()
      .insert(providerAccounts)
      .values({ organizationId: other!.id, provider: "cardopenapi", label: "Other's account", baseUrl: "http://127.0.0.1:9", credentialsEncrypted: "x", webhookSecretDigest: crypto.randomUUID() })
      .returning();
    const [theirs] = await unread(["t-theirs"], undefined, AMOUNT, otherAccount!.id);
    const [ours] = await unread(["t-ours"]);
    await as("admin");
    // Their account with their entry, their account for all, and our account with their entry.
    for (const input of [
      { accountId: otherAccount!.id, entryId: theirs!.id, openedAt: SOME_TIME },
      { accountId: otherAccount!.id, entryId: null, listedEntries: [{ id: theirs!.id, openedAt: SOME_TIME }] },
      { accountId: account.id, entryId: theirs!.id, openedAt: SOME_TIME },
      { accountId: crypto.randomUUID(), entryId: null, listedEntries: [{ id: ours!.id, openedAt: SOME_TIME }] },
      { accountId: account.id, entryId: crypto.randomUUID(), openedAt: SOME_TIME },
    ]) {
      expect(await dismissUnreadTransactionsAction({ ...input, reason: WHY })).toMatchObject({ ok: false, error: { code: "not_found" } });
    }
    const [still] = await db().select().from(transactionRowsUnread).where(eq(transactionRowsUnread.id, theirs!.id));
    expect(still).toMatchObject({ dismissedAt: null, resolvedAt: null });
    expect(await db().select().from(auditLog).where(eq(auditLog.targetId, otherAccount!.id))).toEqual([]);
    expect(await dismissals()).toEqual([]);
    expect(ours!.dismissedAt).toBeNull();
  });
});

describe("dismissUnreadTransactionsAction: what it takes", () => {
  it("requires a short reason, well-formed ids and each entry's openedAt as shown, naming every bad field at once", async () => {
    await unread(["t-input"]);
    const entry = await shown("t-input");
    await as("finance");
    for (const reason of ["", "   ", "ok"]) {
      expect(await dismissUnreadTransactionsAction({ accountId: account.id, ...entry, reason })).toMatchObject({
        ok: false,
        error: { code: "invalid_input", fields: { reason: expect.any(String) } },
      });
    }
    expect(await dismissUnreadTransactionsAction({ accountId: account.id, ...entry, reason: "x".repeat(201) })).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fields: { reason: expect.stringContaining("200") } },
    });
    expect(await dismissUnreadTransactionsAction({ accountId: "nope", entryId: "also-nope", openedAt: "yesterday" })).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fields: { accountId: expect.any(String), entryId: expect.any(String), reason: expect.any(String), openedAt: expect.any(String) } },
    });
    // One entry names the version the list showed, exactly as the page read it (microseconds, UTC); "all" names none.
    for (const openedAt of [undefined, "2026-12-02T10:00:00.123Z", "2026-12-02T10:00:00.123456+01:00", "2026-12-02"]) {
      expect(await dismissUnreadTransactionsAction({ accountId: account.id, entryId: entry.entryId, openedAt, reason: WHY }), String(openedAt)).toMatchObject({
        ok: false,
        error: { code: "invalid_input", fields: { openedAt: expect.any(String) } },
      });
    }
    expect(await dismissUnreadTransactionsAction({ accountId: account.id, entryId: null, openedAt: entry.openedAt, listedEntries: [{ id: entry.entryId, openedAt: entry.openedAt }], reason: WHY })).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fields: { openedAt: expect.any(String) } },
    });
    // "All" is asked for by name (null), never by leaving the entry out.
    expect(await dismissUnreadTransactionsAction({ accountId: account.id, reason: WHY })).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fields: { entryId: expect.any(String) } },
    });
    // "All" names the entries the list held, each with its openedAt as shown, at most one call's limit of them; one entry names no list.
    const many = Array.from({ length: 501 }, () => ({ id: crypto.randomUUID(), openedAt: SOME_TIME }));
    for (const listedEntries of [undefined, [], ["nope"], [{ id: "nope", openedAt: SOME_TIME }], [{ id: entry.entryId }], [{ id: entry.entryId, openedAt: "2026-12-02T10:00:00Z" }], many]) {
      const result = await dismissUnreadTransactionsAction({ accountId: account.id, entryId: null, listedEntries, reason: WHY });
      expect(result, JSON.stringify(listedEntries?.length)).toMatchObject({ ok: false, error: { code: "invalid_input" } });
      // A bad entry is named by its place in the list ("listedEntries.0.id").
      expect(Object.keys(!result.ok && result.error.fields ? result.error.fields : {}).filter((field) => field.startsWith("listedEntries")), JSON.stringify(listedEntries)).toHaveLength(1);
    }
    expect(await dismissUnreadTransactionsAction({ accountId: account.id, ...entry, listedEntries: [{ id: entry.entryId, openedAt: entry.openedAt }], reason: WHY })).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fields: { listedEntries: expect.any(String) } },
    });
    expect(await entryOf("t-input")).toMatchObject({ dismissedAt: null });
    expect(await dismissals()).toEqual([]);
  });
});

describe("a dismissal", () => {
  it("is audited with who, the entry and why; leaves the sync status and the admin overview; and stays listed as dismissed", async () => {
    await unread(["t-1", "t-2"]);
    expect(await openStatus()).toMatchObject({ count: 2 });
    const admin = await sessionUserFor(db(), "admin@demo.test");
    expect((await loadAdminOverview(db(), admin, new Date()))!.unreadTransactions.get(account.id)).toMatchObject({ count: 2 });

    const finance = await as("finance");
    const entry = await entryOf("t-1");
    const { openedAt } = await shown("t-1");
    expect(await dismissUnreadTransactionsAction({ accountId: account.id.toUpperCase(), entryId: entry.id.toUpperCase(), openedAt, reason: `  ${WHY}  ` })).toMatchObject({
      ok: true,
      data: { dismissed: 1 },
    });

    const [row] = await dismissals();
    expect(row).toMatchObject({
      actorEmail: "finance@demo.test",
      outcome: "success",
      targetType: "provider_account",
      targetId: account.id,
      summary: { providerAccount: account.label, count: 1, providerTransactionId: "t-1", reason: AMOUNT, dismissalReason: WHY },
    });
    const sentence = settingsEventSentence({ ...row!, summary: row!.summary }, ["Fran Finance"])!.join("");
    expect(sentence).toBe(`Fran Finance dismissed transaction t-1 of the provider account “${account.label}”, which Cardhub could not read (${AMOUNT.replace(/\.$/, "")}): “${WHY}”. It no longer counts as missing from the ledger.`);

    // The sync status and the overview count the other entry only.
    const open = await openStatus();
    expect(open).toMatchObject({ count: 1, first: [{ providerTransactionId: "t-2" }] });
    expect(unreadTransactionsMessage(open)).toMatch(/^1 provider transaction could not be read and is not in Cardhub \(transaction t-2: /);
    expect((await loadAdminOverview(db(), admin, new Date()))!.unreadTransactions.get(account.id)).toMatchObject({ count: 1 });

    // Auditors read it as dismissed: who, when and why.
    expect(await countUnreadEntries(db(), { providerAccountId: account.id })).toEqual({ open: 1, dismissed: 1 });
    const dismissed = await listUnreadEntries(db(), { providerAccountId: account.id, state: "dismissed" });
    expect(dismissed.rows).toEqual([
      expect.objectContaining({ id: entry.id, providerTransactionId: "t-1", reason: AMOUNT, dismissalReason: WHY, dismissedByName: finance.name, dismissedAt: expect.any(Date) }),
    ]);
    expect((await listUnreadEntries(db(), { providerAccountId: account.id, state: "open" })).rows.map((item) => item.providerTransactionId)).toEqual(["t-2"]);
  });

  it("of all entries dismisses those the list held, in one audit row, and leaves newer ones open", async () => {
    const before = new Date(Date.now() - 120_000);
    await unread(["t-a", "t-b", null], before);
    const listed = await openEntries();
    await unread(["t-later"], new Date());
    await as("admin");
    expect(await dismissUnreadTransactionsAction({ accountId: account.id, entryId: null, listedEntries: listed, reason: WHY })).toEqual({
      ok: true,
      data: { dismissed: 3, leftOpen: 1 },
    });
    expect(await openStatus()).toMatchObject({ count: 1, first: [{ providerTransactionId: "t-later" }] });
    const rows = await dismissals();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.summary).toMatchObject({ providerAccount: account.label, count: 3, dismissalReason: WHY });
    expect([...(rows[0]!.summary.providerTransactionIds as (string | null)[])].sort()).toEqual([null, "t-a", "t-b"].sort());
    expect(settingsEventSentence({ ...rows[0]!, summary: rows[0]!.summary }, ["Ada Admin"])!.join("")).toBe(
      `Ada Admin dismissed 3 provider transactions of the provider account “${account.label}” that Cardhub could not read: “${WHY}”. They no longer count as missing from the ledger.`,
    );
  });

  it("of all entries when none of those listed is open any more is a conflict that changes nothing", async () => {
    await unread(["t-gone"]);
    const listed = await openEntries();
    await resolveUnreadTransactionRows(db(), { providerAccountId: account.id, providerTransactionIds: ["t-gone"], at: new Date() });
    await as("finance");
    expect(await dismissUnreadTransactionsAction({ accountId: account.id, entryId: null, listedEntries: listed, reason: WHY })).toMatchObject({
      ok: false,
      error: { code: "conflict", message: expect.stringContaining("Read the list again") },
    });
    expect(await dismissals()).toEqual([]);
  });

  it("of an entry already dismissed, resolved since, or failing again for a new reason since the list was read is a conflict", async () => {
    await unread(["t-twice", "t-resolved", "t-reopened"]);
    // The lists finance and the admin read, before any of this happened.
    const [twice, resolved, reopened] = [await shown("t-twice"), await shown("t-resolved"), await shown("t-reopened")];
    const finance = await as("finance");
    expect(await dismissUnreadTransactionsAction({ accountId: account.id, ...twice, reason: WHY })).toMatchObject({ ok: true });
    await as("admin");
    expect(await dismissUnreadTransactionsAction({ accountId: account.id, ...twice, reason: "Another reason" })).toMatchObject({
      ok: false,
      error: { code: "conflict", message: expect.stringContaining(finance.name) },
    });
    expect(await entryOf("t-twice")).toMatchObject({ dismissedByUserId: finance.id, dismissalReason: WHY });

    await resolveUnreadTransactionRows(db(), { providerAccountId: account.id, providerTransactionIds: ["t-resolved"], at: new Date() });
    expect(await dismissUnreadTransactionsAction({ accountId: account.id, ...resolved, reason: WHY })).toMatchObject({
      ok: false,
      error: { code: "conflict", message: expect.stringContaining("stored") },
    });

    // Dismissed, then failing for a new reason after the admin's list was read: the admin saw the old reason.
    await db().update(transactionRowsUnread).set({ dismissedAt: new Date(), dismissedByUserId: finance.id, dismissalReason: WHY }).where(eq(transactionRowsUnread.id, reopened.entryId));
    await recordUnreadTransactionRows(db(), { providerAccountId: account.id, rows: [{ providerTransactionId: "t-reopened", reason: CURRENCY }], at: new Date() });
    expect(await dismissUnreadTransactionsAction({ accountId: account.id, ...reopened, reason: WHY })).toMatchObject({
      ok: false,
      error: { code: "conflict", message: expect.stringContaining("new reason") },
    });
    expect(await entryOf("t-reopened")).toMatchObject({ dismissedAt: null, reason: CURRENCY });
  });
});

describe("a dismissal from a list read before the sync wrote again", () => {
  const syncContext = (now?: Date) => ({ account: { ...account }, options: now ? { now } : {}, summary: { inserted: 0, updated: 0, linked: 0, pages: 0, skipped: 0, movedCardIds: new Set<string>() } });

  it("of an open entry that failed again for a new reason after the list was read is a conflict, and the new failure stays open", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await unread(["t-changed"], new Date(Date.now() - 120_000));
      // The list (and the dialog) shows the amount failure.
      const listed = await shown("t-changed");
      expect((await listUnreadEntries(db(), { providerAccountId: account.id, state: "open" })).rows.map((row) => [row.providerTransactionId, row.reason])).toEqual([["t-changed", AMOUNT]]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      // The sync reads it again: still open, now failing for another reason.
      await db().transaction((tx) => writePage(tx, syncContext(new Date()), { items: [], skipped: [{ providerTransactionId: "t-changed", reason: CURRENCY }] }, new Date()));
      const changed = await entryOf("t-changed");
      expect(changed).toMatchObject({ reason: CURRENCY, dismissedAt: null });
      expect(changed.openedAt.getTime()).toBeGreaterThan(new Date(listed.openedAt).getTime());

      await as("finance");
      expect(await dismissUnreadTransactionsAction({ accountId: account.id, ...listed, reason: WHY }), "the person saw the amount failure, not the currency one").toMatchObject({
        ok: false,
        error: { code: "conflict", message: expect.stringContaining("new reason") },
      });
      // "All" from the same list leaves it open too.
      expect(await dismissUnreadTransactionsAction({ accountId: account.id, entryId: null, listedEntries: [{ id: listed.entryId, openedAt: listed.openedAt }], reason: WHY })).toMatchObject({
        ok: false,
        error: { code: "conflict" },
      });
      expect(await dismissals()).toEqual([]);
      expect(await openStatus()).toMatchObject({ count: 1, first: [{ providerTransactionId: "t-changed", reason: CURRENCY }] });

      // Read again with the new reason, it can be dismissed.
      expect(await dismissUnreadTransactionsAction({ accountId: account.id, ...(await shown("t-changed")), reason: WHY })).toMatchObject({ ok: true, data: { dismissed: 1 } });
      expect((await dismissals())[0]!.summary).toMatchObject({ providerTransactionId: "t-changed", reason: CURRENCY });
    } finally {
      warn.mockRestore();
    }
  });

  it("of all entries dismisses only those the list held: one a sync page recorded before the list was read, but committed after, stays open", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await unread(["t-seen"], new Date(Date.now() - 120_000));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let recorded!: () => void;
      const recordedInTx = new Promise<void>((resolve) => (recorded = resolve));
      // A sync page's transaction: its unreadable row is recorded first (opened_at = its start), then the page's rows are written.
      const page = db().transaction(async (tx) => {
        await writePage(tx, syncContext(), { items: [], skipped: [{ providerTransactionId: "t-unseen", reason: AMOUNT }] }, new Date());
        recorded();
        await held;
      });
      await recordedInTx;
      await new Promise((resolve) => setTimeout(resolve, 5));
      // The review page renders meanwhile: its list cannot see the page's uncommitted entry.
      const readAt = new Date();
      const listed = await openEntries();
      expect(await countUnreadEntries(db(), { providerAccountId: account.id })).toEqual({ open: 1, dismissed: 0 });
      release();
      await page;
      expect((await entryOf("t-unseen")).openedAt.getTime()).toBeLessThan(readAt.getTime());

      await as("finance");
      expect(await dismissUnreadTransactionsAction({ accountId: account.id, entryId: null, listedEntries: listed, reason: WHY })).toEqual({ ok: true, data: { dismissed: 1, leftOpen: 1 } });
      const [row] = await dismissals();
      expect(row!.summary.providerTransactionIds, "only what the list held").toEqual(["t-seen"]);
      expect(await openStatus()).toMatchObject({ count: 1, first: [{ providerTransactionId: "t-unseen" }] });
    } finally {
      warn.mockRestore();
    }
  });

  it("of an entry whose new reason a sync page stamped before the list was read, but committed after, is a conflict: the list showed the old reason", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let page: Promise<void> | undefined;
    try {
      await unread(["t-window"], new Date(Date.now() - 120_000));
      await unread(["t-steady"], new Date(Date.now() - 90_000));
      let recorded!: () => void;
      const recordedInTx = new Promise<void>((resolve) => (recorded = resolve));
      // A sync page reads t-window failing for another reason: opened_at is renewed to the page's start, uncommitted.
      page = db().transaction(async (tx) => {
        await writePage(tx, syncContext(), { items: [], skipped: [{ providerTransactionId: "t-window", reason: CURRENCY }] }, new Date());
        recorded();
        await held;
      });
      await recordedInTx;
      await new Promise((resolve) => setTimeout(resolve, 5));
      // The review page renders meanwhile, and shows the amount failure the page has not yet replaced.
      const readAt = new Date();
      const listedRows = (await listUnreadEntries(db(), { providerAccountId: account.id, state: "open" })).rows;
      expect(listedRows.map((row) => [row.providerTransactionId, row.reason])).toEqual([
        ["t-window", AMOUNT],
        ["t-steady", AMOUNT],
      ]);
      const listed = await openEntries();
      release();
      await page;
      const changed = await entryOf("t-window");
      expect(changed).toMatchObject({ reason: CURRENCY, dismissedAt: null });
      // The window: the new reason's opened_at is before the list was read, so "open when the list was read" would cover it.
      expect(changed.openedAt.getTime()).toBeLessThan(readAt.getTime());

      await as("finance");
      const one = { accountId: account.id, entryId: changed.id, openedAt: listedRows[0]!.openedAt, reason: WHY };
      expect(await dismissUnreadTransactionsAction(one), "the person saw the amount failure, not the currency one").toMatchObject({
        ok: false,
        error: { code: "conflict", message: expect.stringContaining("It failed again for a new reason after the list was read") },
      });
      expect(await dismissals()).toEqual([]);
      // "All" from the same list dismisses the entry shown as it still is, and leaves the changed one open, saying so.
      const all = { accountId: account.id, entryId: null, listedEntries: listed, reason: WHY };
      expect(await dismissUnreadTransactionsAction(all)).toEqual({ ok: true, data: { dismissed: 1, leftOpen: 1 } });
      const [row] = await dismissals();
      expect(row!.summary.providerTransactionIds, "only the entry shown as it is").toEqual(["t-steady"]);
      expect(await openStatus()).toMatchObject({ count: 1, first: [{ providerTransactionId: "t-window", reason: CURRENCY }] });
      // Only the changed one from that list: nothing to dismiss, and the answer says to read the list again.
      expect(await dismissUnreadTransactionsAction({ ...all, listedEntries: [listed[0]!] })).toMatchObject({
        ok: false,
        error: { code: "conflict", message: expect.stringContaining("Read the list again") },
      });
      expect(await entryOf("t-window")).toMatchObject({ dismissedAt: null, reason: CURRENCY });
    } finally {
      // A failure above must not leave the page's transaction (and its lock) open.
      release();
      await page;
      warn.mockRestore();
    }
  });

  it("of all entries ignores ids that are not open entries of the account", async () => {
    const [theirs] = await unread(["t-other-list"]);
    await as("finance");
    expect(await dismissUnreadTransactionsAction({ accountId: account.id, entryId: null, listedEntries: [{ id: crypto.randomUUID(), openedAt: SOME_TIME }], reason: WHY })).toMatchObject({
      ok: false,
      error: { code: "conflict" },
    });
    expect(await entryOf("t-other-list")).toMatchObject({ id: theirs!.id, dismissedAt: null });
  });
});

describe("a dismissed entry the provider lists again", () => {
  it("stays dismissed while it fails for the same reason, and opens again, on record, when its reason changes", async () => {
    const first = new Date(Date.now() - 120_000);
    await unread(["t-again", null], first);
    await as("finance");
    expect(await dismissUnreadTransactionsAction({ accountId: account.id, entryId: null, listedEntries: await openEntries(), reason: WHY })).toMatchObject({ ok: true, data: { dismissed: 2 } });
    const dismissed = await entryOf("t-again");

    // The same failure again (a full re-read): last seen moves, the dismissal stands, nothing counts, no new audit row.
    const summary = { inserted: 0, updated: 0, linked: 0, pages: 0, skipped: 0, movedCardIds: new Set<string>() };
    const context = { account: { ...account }, options: { now: new Date() }, summary };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await db().transaction((tx) => writePage(tx, context, { items: [], skipped: [{ providerTransactionId: "t-again", reason: AMOUNT }, { providerTransactionId: null, reason: AMOUNT }] }, new Date()));
      const same = await entryOf("t-again");
      expect(same).toMatchObject({ dismissedAt: dismissed.dismissedAt, dismissalReason: WHY, reason: AMOUNT });
      expect(same.lastSeenAt.getTime()).toBeGreaterThan(dismissed.lastSeenAt.getTime());
      expect(await openStatus()).toBeUndefined();
      const unreadable = () => db().select().from(auditLog).where(and(eq(auditLog.action, "transaction.unreadable"), eq(auditLog.targetId, account.id), gt(auditLog.id, auditMark)));
      expect(await unreadable()).toEqual([]);

      // A new reason: the dismissal was about another failure, so the entry is open again and counts, and the sync says so.
      context.options.now = new Date();
      await db().transaction((tx) => writePage(tx, context, { items: [], skipped: [{ providerTransactionId: "t-again", reason: CURRENCY }] }, new Date()));
      expect(await entryOf("t-again")).toMatchObject({ dismissedAt: null, dismissedByUserId: null, dismissalReason: null, reason: CURRENCY, firstSeenAt: first });
      expect(await openStatus()).toMatchObject({ count: 1, first: [{ providerTransactionId: "t-again" }] });
      const [reopened] = await unreadable();
      expect(reopened).toMatchObject({ actorUserId: null, summary: { providerTransactionId: "t-again", reason: CURRENCY, reopened: true } });
      expect(settingsEventSentence({ ...reopened!, summary: reopened!.summary }, ["Cardhub"])!.join("")).toBe(
        `The transaction sync could not read transaction t-again from the provider account “${account.label}” again, now for another reason (${CURRENCY.replace(/\.$/, "")}); its earlier dismissal no longer applies, and it is not in Cardhub until a later read stores it.`,
      );
    } finally {
      warn.mockRestore();
    }
  });
});
