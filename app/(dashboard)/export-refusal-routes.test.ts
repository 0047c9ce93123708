import { count, desc } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { auditLog } from "@/db/schema/audit";
import { seedDemo } from "@/db/seed";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { tryExportLock } from "@/lib/csv/export-lock";
import type { SessionUser } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getUsableUser: async () => session.user }));

const routes = {
  audit: await import("./audit/export/route"),
  transactions: await import("./transactions/export/route"),
  statements: await import("./funding/statements/export/route"),
};
type RouteName = keyof typeof routes;

const database = withTestDatabase();
const people: Record<"finance" | "employee" | "manager", SessionUser> = {} as never;
let accountId = "";

beforeAll(async () => {
  await seedDemo(database.db(), { sandboxUrl: "http://127.0.0.1:9" });
  for (const role of ["finance", "employee", "manager"] as const) people[role] = await sessionUserFor(database.db(), `${role}@demo.test`);
  accountId = (await listProviderAccounts(database.db()))[0]!.id;
});

const EXPORT_PATHS: Record<RouteName, string> = {
  audit: "/audit/export",
  transactions: "/transactions/export",
  statements: "/funding/statements/export",
};

/** What Chromium sends when a person follows the Export CSV link. */
const NAVIGATION = {
  "sec-fetch-mode": "navigate",
  "sec-fetch-site": "same-origin",
  "sec-fetch-dest": "document",
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
};

function get(name: RouteName, query: string, headers: Record<string, string> = {}) {
  return routes[name].GET(new NextRequest(`http://localhost${EXPORT_PATHS[name]}${query ? `?${query}` : ""}`, { headers }));
}

async function lastAuditRow() {
  const [row] = await database.db().select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return row!;
}

async function auditRowCount() {
  const [row] = await database.db().select({ rows: count() }).from(auditLog);
  return row!.rows;
}

/**
 * What a browser that follows the Export link gets: back to the list, which says why (a refusal the list explains, to a
 * person who may open it); the refusal's own status and text (the list would be a 403 or 404 page, no notice); or the
 * sign-in page, which brings the person back to the list.
 */
type BrowserAnswer = "back to the list" | "plain text" | "sign in";

type Refusal = {
  route: RouteName;
  code: string;
  /** The query the export is asked with; `{account}` is the seeded account's id. */
  query: string;
  user: () => SessionUser | null;
  status: number;
  text: RegExp;
  /** While the person's own export holds the way. */
  busy?: boolean;
  /** The refusal's audit row, as today. */
  audited?: { action: string; summary: Record<string, unknown> };
  browser: BrowserAnswer;
};

const RUNNING = /^An export of yours is still running\. Let it finish or cancel it, then start this one again\.$/;
const noRoles = () => ({ ...people.employee, roles: [] });

const REFUSALS: Refusal[] = [
  { route: "transactions", code: "busy", query: "status=settled&q=Coffee", user: () => people.finance, status: 429, text: RUNNING, busy: true, audited: { action: "export.denied", summary: { export: "transactions", reason: "export_running" } }, browser: "back to the list" },
  // An employee sees their own transactions but may not export them (DESIGN.md, Roles: audit log, exports).
  { route: "transactions", code: "forbidden", query: "status=settled", user: () => people.employee, status: 403, text: /^You do not have permission to export transactions\.$/, audited: { action: "permission.denied", summary: { permission: "transaction.export", export: "transactions" } }, browser: "plain text" },
  { route: "transactions", code: "forbidden", query: "status=settled", user: noRoles, status: 403, text: /^You do not have permission to export transactions\.$/, audited: { action: "permission.denied", summary: { permission: "transaction.export", export: "transactions" } }, browser: "plain text" },
  { route: "transactions", code: "invalid", query: "status=bogus&currency=USD", user: () => people.finance, status: 400, text: /^The export filters are not valid: Status: unknown status\.$/, browser: "back to the list" },
  { route: "transactions", code: "signed_out", query: "status=settled", user: () => null, status: 401, text: /^Sign in to export transactions\.$/, browser: "sign in" },
  { route: "audit", code: "busy", query: "outcome=denied", user: () => people.finance, status: 429, text: RUNNING, busy: true, audited: { action: "export.denied", summary: { export: "audit", reason: "export_running" } }, browser: "back to the list" },
  { route: "audit", code: "forbidden", query: "outcome=denied", user: () => people.employee, status: 403, text: /^You do not have permission to export the audit log\.$/, audited: { action: "permission.denied", summary: { permission: "audit.export" } }, browser: "plain text" },
  { route: "audit", code: "invalid", query: "outcome=denied&from=2025-13-01", user: () => people.finance, status: 400, text: /^The export filters are not valid: From: /, browser: "back to the list" },
  { route: "audit", code: "signed_out", query: "outcome=denied", user: () => null, status: 401, text: /^Sign in to export the audit log\.$/, browser: "sign in" },
  { route: "statements", code: "busy", query: "account={account}&type=AccountTopUp", user: () => people.finance, status: 429, text: RUNNING, busy: true, audited: { action: "export.denied", summary: { export: "statements", reason: "export_running" } }, browser: "back to the list" },
  { route: "statements", code: "forbidden", query: "account={account}", user: () => people.manager, status: 403, text: /^You do not have permission to export these statements\.$/, audited: { action: "permission.denied", summary: { permission: "funding.view", export: "statements" } }, browser: "plain text" },
  { route: "statements", code: "invalid", query: "account={account}&from=2025-13-01", user: () => people.finance, status: 400, text: /^The export filters are not valid: From: /, browser: "back to the list" },
  // The statement export reads its filters and scope before the permission: a manager (no Funding) is answered in text.
  { route: "statements", code: "invalid", query: "account={account}&from=2025-13-01", user: () => people.manager, status: 400, text: /^The export filters are not valid: From: /, browser: "plain text" },
  { route: "statements", code: "missing", query: "type=AccountTopUp", user: () => people.finance, status: 400, text: /^Choose an account or a card\.$/, browser: "back to the list" },
  // Someone without Funding is refused before the export looks at what the address names, or that it names nothing.
  { route: "statements", code: "forbidden", query: "type=AccountTopUp", user: () => people.manager, status: 403, text: /^You do not have permission to export these statements\.$/, audited: { action: "permission.denied", summary: { permission: "funding.view", export: "statements" } }, browser: "plain text" },
  { route: "statements", code: "not_found", query: "account=7b0e4f5c-1d2a-4c3b-9e8f-0a1b2c3d4e5f", user: () => people.finance, status: 404, text: /^Not found\.$/, browser: "plain text" },
  { route: "statements", code: "signed_out", query: "account={account}", user: () => null, status: 401, text: /^Sign in to export statements\.$/, browser: "sign in" },
];

const PAGES: Record<RouteName, string> = { audit: "/audit", transactions: "/transactions", statements: "/funding/statements" };

/** Runs `work` as the refusal's person, with their own export holding the way if the refusal is about that. */
async function asRefused<T>(refusal: Refusal, work: (query: string) => Promise<T>): Promise<T> {
  session.user = refusal.user();
  const lock = refusal.busy ? await tryExportLock(session.user!.id) : null;
  if (refusal.busy) expect(lock).not.toBeNull();
  try {
    return await work(refusal.query.replace("{account}", accountId));
  } finally {
    await lock?.release();
  }
}

const answeredWith = (answer: BrowserAnswer) => REFUSALS.filter((refusal) => refusal.browser === answer);

describe.each(answeredWith("back to the list"))("GET $route export refused as $code, followed from its link", (refusal) => {
  it("sends the browser back to the page with the same filters and the refusal's code", async () => {
    await asRefused(refusal, async (query) => {
      const response = await get(refusal.route, query, NAVIGATION);
      expect(response.status).toBe(303);
      const expected = new URLSearchParams(query);
      expected.set("exportRefused", refusal.code);
      expect(response.headers.get("location")).toBe(`${PAGES[refusal.route]}?${expected.toString()}`);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("content-disposition")).toBeNull();
      if (refusal.audited) {
        expect(await lastAuditRow()).toMatchObject({ action: refusal.audited.action, outcome: "denied", summary: expect.objectContaining(refusal.audited.summary) });
      }
    });
  });
});

describe.each(answeredWith("plain text"))("GET $route export refused as $code, followed from its link", (refusal) => {
  it("answers the refusal's status and text: its list would be a page the person cannot open, which cannot say why", async () => {
    await asRefused(refusal, async (query) => {
      const before = await auditRowCount();
      const response = await get(refusal.route, query, NAVIGATION);
      expect(response.status).toBe(refusal.status);
      expect(response.headers.get("location")).toBeNull();
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.text()).toMatch(refusal.text);
      // The refusal's own row and nothing more: no refused page is opened after it to record a second one.
      expect((await auditRowCount()) - before).toBe(refusal.audited ? 1 : 0);
      if (refusal.audited) {
        expect(await lastAuditRow()).toMatchObject({ action: refusal.audited.action, outcome: "denied", summary: expect.objectContaining(refusal.audited.summary) });
      }
    });
  });
});

describe.each(answeredWith("sign in"))("GET $route export refused as $code, followed from its link", (refusal) => {
  it("sends the browser to sign in, and from there back to the list with the same filters", async () => {
    await asRefused(refusal, async (query) => {
      const before = await auditRowCount();
      const response = await get(refusal.route, `${query}&exportRefused=busy`, NAVIGATION);
      expect(response.status).toBe(303);
      const location = new URL(response.headers.get("location")!, "http://localhost");
      expect(location.pathname).toBe("/sign-in");
      expect([...location.searchParams]).toEqual([["callbackUrl", `${PAGES[refusal.route]}?${query}`]]);
      expect(safeRedirectPath(location.searchParams.get("callbackUrl"))).toBe(`${PAGES[refusal.route]}?${query}`);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await auditRowCount()).toBe(before);
    });
  });
});

describe.each(REFUSALS)("GET $route export refused as $code ($browser for a browser)", (refusal) => {
  it("answers a script (no navigation) with today's status and text", async () => {
    await asRefused(refusal, async (query) => {
      const scripts: Record<string, string>[] = [{}, { accept: "*/*" }, { "sec-fetch-mode": "cors", "sec-fetch-site": "same-origin", accept: "text/html" }];
      for (const headers of scripts) {
        const response = await get(refusal.route, query, headers);
        expect(response.status).toBe(refusal.status);
        expect(response.headers.get("location")).toBeNull();
        expect(await response.text()).toMatch(refusal.text);
      }
      if (refusal.audited) {
        expect(await lastAuditRow()).toMatchObject({ action: refusal.audited.action, outcome: "denied", summary: expect.objectContaining(refusal.audited.summary) });
      }
    });
  });
});

describe("what counts as a browser's navigation", () => {
  const busy = REFUSALS.find((refusal) => refusal.route === "transactions" && refusal.code === "busy")!;

  it("is also a request without Sec-Fetch headers whose Accept prefers HTML (an older browser)", async () => {
    await asRefused(busy, async (query) => {
      const response = await get("transactions", query, { accept: "text/html,application/xhtml+xml,*/*;q=0.8" });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`/transactions?${query}&exportRefused=busy`);
      expect((await get("transactions", query, { accept: "text/csv,text/html;q=0.5" })).status).toBe(429);
    });
  });

  it("names only the refusal it met, whatever refusal code the request carried", async () => {
    await asRefused(busy, async (query) => {
      const response = await get("transactions", `exportRefused=%3Cscript%3E&${query}&exportRefused=forbidden`, NAVIGATION);
      expect(response.headers.get("location")).toBe(`/transactions?${query}&exportRefused=busy`);
    });
  });

  it("still downloads when the export is not refused: a navigation that may export gets the CSV as an attachment", async () => {
    session.user = people.finance;
    const response = await get("transactions", "status=settled", NAVIGATION);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="cardhub-transactions-/);
    await response.text();
  });
});
