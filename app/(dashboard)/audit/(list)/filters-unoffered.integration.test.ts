import type { ReactElement } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { AuditFilters } from "@/lib/audit/filters";
import { withTestDatabase } from "@/test/database";
import { filterBarOf, ignoredOf, selectedOption, valuesTheBarCannotShow } from "@/test/filter-bar-tree";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionIdFor, TEST_META } from "@/test/session-user";

// Only the cookie is stubbed: which session it names. Who that is and what they may see is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");
// The filters the page's list query was given (the real query runs): what the list shows.
const applied = vi.hoisted(() => ({ filters: [] as unknown[] }));
vi.mock("@/db/queries/audit", async (original) => {
  const actual = await original<typeof import("@/db/queries/audit")>();
  return {
    ...actual,
    listAuditEvents: (async (db, params) => {
      applied.filters.push(params.filters);
      return actual.listAuditEvents(db, params);
    }) satisfies typeof actual.listAuditEvents,
  };
});

const { default: AuditPage } = await import("./page");

const database = withTestDatabase();
const db = () => database.db();

beforeAll(async () => {
  await seedOfflineDemo(db());
});

/** The page as this person opens it from a link: what its filter bar is handed, its notice, and what its list applied. */
async function open(email: string, searchParams: Record<string, string>) {
  cookie.sessionId = await sessionIdFor(db(), email);
  applied.filters = [];
  const tree = (await AuditPage({ searchParams: Promise.resolve(searchParams) })) as ReactElement;
  expect(applied.filters).toHaveLength(1);
  const filters = applied.filters[0] as AuditFilters;
  const bar = filterBarOf(tree);
  // Whatever the link said: the bar shows exactly the filters the list applies, each as one of its controls' choices.
  expect(valuesTheBarCannotShow(bar), "values the list applies but the bar cannot show").toEqual([]);
  expect(Object.fromEntries(Object.entries(bar.values).filter(([, value]) => value))).toEqual(Object.fromEntries(Object.entries(filters).filter(([, value]) => value)));
  return { bar, filters, ignored: ignoredOf(tree) };
}

describe("/audit: a target type from the link", () => {
  it("offers, as the chosen one, each type events are recorded with beyond cards, people and the like", async () => {
    const labels = {
      approval_policy: "Approval thresholds",
      settings: "Settings",
      encryption_key: "Encryption key",
      audit_log: "Audit log",
      audit_verification: "Audit chain verification",
      transactions: "Transactions (exports)",
    };
    for (const [targetType, label] of Object.entries(labels)) {
      const page = await open("admin@demo.test", { targetType });
      expect(page.filters.targetType).toBe(targetType);
      expect(page.ignored).toEqual([]);
      expect(selectedOption(page.bar, "targetType")).toEqual({ value: targetType, label });
    }
  });

  it("drops, with the notice, a well-formed type no event is recorded with, for a manager as for an auditor", async () => {
    for (const email of ["auditor@demo.test", "manager@demo.test"]) {
      const page = await open(email, { targetType: "widget", outcome: "denied" });
      expect(page.filters).toEqual({ outcome: "denied" });
      expect(page.ignored).toEqual([{ field: "targetType", label: "Target type", message: "Unknown target type; showing every target." }]);
    }
  });
});
