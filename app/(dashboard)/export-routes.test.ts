import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
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

const database = withTestDatabase();
let accountId = "";

beforeAll(async () => {
  await seedDemo(database.db(), { sandboxUrl: "http://127.0.0.1:9" });
  session.user = await sessionUserFor(database.db(), "finance@demo.test");
  accountId = (await listProviderAccounts(database.db()))[0]!.id;
});

const urls = {
  audit: () => "http://localhost/audit/export",
  transactions: () => "http://localhost/transactions/export",
  statements: () => `http://localhost/funding/statements/export?account=${accountId}`,
};

async function exportsFreely(name: keyof typeof routes) {
  const response = await routes[name].GET(new NextRequest(urls[name]()));
  expect(response.status).toBe(200);
  await response.text();
}

describe.each(Object.keys(routes) as (keyof typeof routes)[])("GET /%s export", (name) => {
  it("lets the next export start once the client has gone away without reading the download", async () => {
    const abort = new AbortController();
    const response = await routes[name].GET(new NextRequest(urls[name](), { signal: abort.signal }));
    expect(response.status).toBe(200);
    expect((await routes[name].GET(new NextRequest(urls[name]()))).status).toBe(429);
    abort.abort();
    await expect
      .poll(async () => {
        const next = await routes[name].GET(new NextRequest(urls[name]()));
        await next.text();
        return next.status;
      })
      .toBe(200);
  });

  it("answers HEAD without starting an export, whose unread download would hold the way for good", async () => {
    const response = routes[name].HEAD();
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
    await exportsFreely(name);
  });
});
