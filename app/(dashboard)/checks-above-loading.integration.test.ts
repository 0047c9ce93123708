import { existsSync } from "node:fs";
import path from "node:path";
import { desc, eq, isNull, type SQL } from "drizzle-orm";
import type { ReactNode } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { insertRequest } from "@/db/queries/requests";
import { findUserByEmail } from "@/db/queries/users";
import { auditLog } from "@/db/schema/audit";
import { systemOperators } from "@/db/schema/system-operators";
import { seedDemo } from "@/db/seed";
import { record } from "@/lib/audit/record";
import { auditContextFor } from "@/lib/auth/session-user";
import { withTestDatabase } from "@/test/database";
import { sessionIdFor, TEST_META } from "@/test/session-user";

// Only the cookie is stubbed: which session it names. Who that is and what they may open is decided by the real code.
const cookie = vi.hoisted(() => ({ sessionId: null as string | null }));
vi.mock("@/lib/auth/auth", () => ({ auth: async () => (cookie.sessionId ? { sessionId: cookie.sessionId } : null) }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
// next.config.mjs turns forbidden() on in the app (experimental.authInterrupts); here it is set by hand.
vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");

const dashboard = import.meta.dirname;
const database = withTestDatabase();
const db = () => database.db();
let organizationEventId = "";
let installationEventId = "";
let elisRequestId = "";
let elisCardId = "";

beforeAll(async () => {
  await seedDemo(db(), { sandboxUrl: "http://127.0.0.1:9" });
  const auditor = await findUserByEmail(db(), "auditor@demo.test");
  await record(db(), auditContextFor(null, TEST_META), { action: "auth.sign_in_failed", outcome: "failure", summary: { email: "nobody@example.test" } });
  await record(db(), { ...auditContextFor(null, TEST_META), organizationId: auditor!.organizationId }, { action: "auth.sign_in_failed", outcome: "failure" });
  const newest = (organization: SQL) =>
    db().select({ id: auditLog.id }).from(auditLog).where(organization).orderBy(desc(auditLog.id)).limit(1);
  organizationEventId = String((await newest(eq(auditLog.organizationId, auditor!.organizationId)))[0]!.id);
  installationEventId = String((await newest(isNull(auditLog.organizationId)))[0]!.id);
  const eli = await findUserByEmail(db(), "employee@demo.test");
  const request = await insertRequest(db(), {
    organizationId: eli!.organizationId,
    kind: "new_card",
    steps: ["finance"],
    awaiting: "finance",
    requesterUserId: eli!.id,
    beneficiaryUserId: eli!.id,
    teamId: eli!.teamIds[0]!,
    currency: "USD",
    threshold: 0n,
    requested: { amount: "1000" },
    approved: { amount: "1000" },
    purpose: "Travel",
  });
  elisRequestId = request.id;
  const [account] = await listProviderAccounts(db());
  elisCardId = (
    await insertCard(db(), { organizationId: eli!.organizationId, providerAccountId: account!.id, cardModel: "prepaid", ownerUserId: eli!.id, teamId: eli!.teamIds[0]!, alias: "Eli's card", currency: "USD", status: "active", balance: 100n })
  ).id;
});

async function signInAs(email: string): Promise<void> {
  cookie.sessionId = await sessionIdFor(db(), email);
}

type Answer = "the page" | 403 | 404;

/**
 * What the layout of a page folder answers: the page (its children), or the 403 or 404 it decides. A layout renders
 * above its folder's loading.tsx, so this is decided before the response starts streaming as a 200.
 */
async function layoutAnswer(folder: string, params: Record<string, string> = {}): Promise<Answer> {
  const file = path.join(dashboard, folder, "layout.tsx");
  expect(existsSync(file), `${folder} has a layout that checks before its loading outline`).toBe(true);
  const { default: Layout } = (await import(file)) as { default: (props: { children: ReactNode; params: Promise<Record<string, string>> }) => Promise<ReactNode> };
  let rendered: ReactNode;
  try {
    rendered = await Layout({ children: "the page", params: Promise.resolve(params) });
  } catch (error) {
    const digest = (error as { digest?: string }).digest;
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;403") return 403;
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;404") return 404;
    throw error;
  }
  expect(rendered).toBe("the page");
  return "the page";
}

describe("a page with a loading outline decides its 403 or 404 in a layout above it", () => {
  it.each([
    { folder: "funding", email: "employee@demo.test", answer: 403 },
    { folder: "funding", email: "finance@demo.test", answer: "the page" },
    { folder: "cards/new", email: "admin@demo.test", answer: 403 },
    { folder: "cards/new", email: "employee@demo.test", answer: 403 },
    { folder: "cards/new", email: "finance@demo.test", answer: "the page" },
    { folder: "cards/products", email: "employee@demo.test", answer: 403 },
    { folder: "cards/products", email: "manager@demo.test", answer: 403 },
    { folder: "cards/products", email: "admin@demo.test", answer: "the page" },
    { folder: "cards/products", email: "finance@demo.test", answer: "the page" },
    { folder: "audit/installation", email: "finance@demo.test", answer: 403 },
    // An auditor changes nothing, so asks for nothing: a real 403 (their /requests/new answered 200 with the 403 page).
    { folder: "requests/new", email: "auditor@demo.test", answer: 403 },
    { folder: "requests/new", email: "employee@demo.test", answer: "the page" },
  ] satisfies { folder: string; email: string; answer: Answer }[])("$folder answers $email with $answer", async ({ folder, email, answer }) => {
    await signInAs(email);
    expect(await layoutAnswer(folder)).toBe(answer);
  });

  it("audit/installation lets an installation operator in", async () => {
    const admin = await findUserByEmail(db(), "admin@demo.test");
    await db().insert(systemOperators).values({ userId: admin!.id, grantedBy: "test" });
    try {
      await signInAs("admin@demo.test");
      expect(await layoutAnswer("audit/installation")).toBe("the page");
    } finally {
      await db().delete(systemOperators).where(eq(systemOperators.userId, admin!.id));
    }
  });

  it("audit/[id] answers 404 for an event that is missing, malformed or not the viewer's to see", async () => {
    await signInAs("auditor@demo.test");
    expect(await layoutAnswer("audit/[id]", { id: organizationEventId })).toBe("the page");
    expect(await layoutAnswer("audit/[id]", { id: "987654321" })).toBe(404);
    expect(await layoutAnswer("audit/[id]", { id: "not-a-number" })).toBe(404);
    // The installation's own rows are an operator's only: to anyone else they do not exist.
    expect(await layoutAnswer("audit/[id]", { id: installationEventId })).toBe(404);
    await signInAs("employee@demo.test");
    expect(await layoutAnswer("audit/[id]", { id: organizationEventId })).toBe(403);
  });

  it("requests/[id] answers 404 for a request that is missing or malformed, and 403 for one not the viewer's to see", async () => {
    await signInAs("employee@demo.test");
    expect(await layoutAnswer("requests/(item)/[id]", { id: elisRequestId })).toBe("the page");
    expect(await layoutAnswer("requests/(item)/[id]", { id: "00000000-0000-4000-8000-000000000000" })).toBe(404);
    expect(await layoutAnswer("requests/(item)/[id]", { id: "not-a-uuid" })).toBe(404);
    await signInAs("employee2@demo.test");
    expect(await layoutAnswer("requests/(item)/[id]", { id: elisRequestId })).toBe(403);
  });

  it("cards/(item)/[id] answers 404 for a card that is missing or malformed, and 403 for another team's, below its own 403 page", async () => {
    await signInAs("employee@demo.test");
    expect(await layoutAnswer("cards/(item)/[id]", { id: elisCardId })).toBe("the page");
    expect(await layoutAnswer("cards/(item)/[id]", { id: "00000000-0000-4000-8000-000000000000" })).toBe(404);
    expect(await layoutAnswer("cards/(item)/[id]", { id: "not-a-uuid" })).toBe(404);
    await signInAs("manager@demo.test");
    expect(await layoutAnswer("cards/(item)/[id]", { id: elisCardId })).toBe("the page");
    // Another team's manager, and a colleague of another team: the card page's own 403 ((item)/forbidden.tsx) says why.
    for (const email of ["manager2@demo.test", "employee2@demo.test"]) {
      await signInAs(email);
      expect(await layoutAnswer("cards/(item)/[id]", { id: elisCardId })).toBe(403);
    }
    expect(existsSync(path.join(dashboard, "cards", "(item)", "forbidden.tsx"))).toBe(true);
  });
});
