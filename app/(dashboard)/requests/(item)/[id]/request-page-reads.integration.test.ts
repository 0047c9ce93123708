import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { insertRequest } from "@/db/queries/requests";
import { products } from "@/db/schema/products";
import type { ProductFees } from "@/lib/fees/product-fees";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { sessionIdFor, sessionUserFor, TEST_META } from "@/test/session-user";

/** Each traced read says when it starts and when it ends, and otherwise reads the real database. */
const trace = vi.hoisted(() => {
  const log: string[] = [];
  const traced =
    <A extends unknown[], R>(name: string, read: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      log.push(`${name} starts`);
      try {
        return await read(...args);
      } finally {
        log.push(`${name} ends`);
      }
    };
  return { log, traced };
});
vi.mock("@/lib/requests/load-request-cost", async (original) => {
  const actual = await original<typeof import("@/lib/requests/load-request-cost")>();
  return { ...actual, loadRequestCost: trace.traced("cost", actual.loadRequestCost) };
});
vi.mock("@/lib/requests/policy", async (original) => {
  const actual = await original<typeof import("@/lib/requests/policy")>();
  return { ...actual, stepApprovers: trace.traced("step approvers", actual.stepApprovers), whyCannotTakeStep: trace.traced("may decide", actual.whyCannotTakeStep) };
});
vi.mock("@/db/queries/products", async (original) => {
  const actual = await original<typeof import("@/db/queries/products")>();
  return { ...actual, findProduct: trace.traced("product", actual.findProduct) };
});
vi.mock("@/db/queries/requests", async (original) => {
  const actual = await original<typeof import("@/db/queries/requests")>();
  return { ...actual, listRequestEvents: trace.traced("events", actual.listRequestEvents) };
});

// Only the cookie is stubbed: which session it names. Who that is and what they may see is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));
// The page's client parts refresh through the app router, which a static render has not mounted.
vi.mock("next/navigation", async (original) => ({ ...(await original<typeof import("next/navigation")>()), useRouter: () => ({ refresh: () => undefined, push: () => undefined }) }));
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");

const { default: RequestPage } = await import("./page");

const database = withTestDatabase();
const db = () => database.db();
let requestId = "";

const fees: ProductFees = { "prepaid:issue": { currency: "USD", fixed: "100", ratePpm: 15_000, source: "provider", observedAt: "2026-11-30T09:12:00.000Z" } };

/** The employee's pending request for a new Card OPEN-API card with a first load of $1,500.00, on a product whose issue fee is $1.00 + 1.5%. */
beforeAll(async () => {
  const accountId = await seedOfflineDemo(db());
  await db().insert(products).values({ providerAccountId: accountId, providerProductId: "BIN-READS", name: "Reads BIN", cardModels: ["prepaid"], currencies: ["USD"], fees });
  const employee = await sessionUserFor(db(), "employee@demo.test");
  const request = await insertRequest(db(), {
    organizationId: employee.organizationId,
    kind: "new_card",
    steps: ["team_manager"],
    awaiting: "team_manager",
    requesterUserId: employee.id,
    beneficiaryUserId: employee.id,
    teamId: employee.teamIds[0]!,
    providerAccountId: accountId,
    currency: "USD",
    threshold: 1_000_000n,
    requested: { amount: "150000" },
    approved: { amount: "150000" },
    details: { kind: "cardopenapi", productId: "BIN-READS", alias: "Reads card" },
    purpose: "Travel",
  });
  requestId = request.id;
});

beforeEach(() => {
  trace.log.length = 0;
});

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");

async function html(email: string): Promise<string> {
  cookie.sessionId = await sessionIdFor(db(), email);
  trace.log.length = 0;
  return renderToStaticMarkup((await RequestPage({ params: Promise.resolve({ id: requestId }), searchParams: Promise.resolve({}) })) as ReactElement);
}
const render = async (email: string) => text(await html(email));

/** Every one of these reads started before any of them ended: they ran together, not one after another. */
function ranTogether(names: string[]): void {
  const firstEnd = Math.min(...names.map((name) => trace.log.indexOf(`${name} ends`)));
  for (const name of names) {
    const start = trace.log.indexOf(`${name} starts`);
    expect(start, `${name} was never read: ${trace.log.join(", ")}`).toBeGreaterThanOrEqual(0);
    expect(start < firstEnd, `${name} started after another of ${names.join(", ")} had ended: ${trace.log.join(", ")}`).toBe(true);
  }
}

describe("the request page's reads", () => {
  it("reads the product beside the request's other details, and the cost beside the step's approvers", async () => {
    await html("employee@demo.test");
    ranTogether(["events", "product"]);
    ranTogether(["cost", "step approvers", "may decide"]);
    // The cost needs the product: read after it, never before.
    expect(trace.log.indexOf("product ends")).toBeLessThan(trace.log.indexOf("cost starts"));
  });

  it("shows the requester the cost and who approves next, and no funding balance (funding.view)", async () => {
    const page = await render("employee@demo.test");
    // 1.5% of 1,500.00 = 22.50, + 1.00
    expect(page).toContain("Loaded onto the card $1,500.00 Fee as published by the provider");
    expect(page).toContain("$23.50 Total from the funding account $1,523.50");
    expect(page).toMatch(/Next: manager \([^)]+\)\./);
    expect(page).not.toMatch(/funding balance/i);
  });

  it("offers the team's manager the decision, with the same cost", async () => {
    const page = await html("manager@demo.test");
    expect(page).toMatch(/Approve<\/button>/);
    expect(text(page)).toContain("$23.50 Total from the funding account $1,523.50");
  });
});
