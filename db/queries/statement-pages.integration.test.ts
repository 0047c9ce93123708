import { beforeAll, describe, expect, it } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
import { withTestDatabase } from "@/test/database";
import { listStatements, upsertStatements, type StatementCursor } from "./statements";

const database = withTestDatabase();
let accountId = "";

beforeAll(async () => {
  await seedDemo(database.db(), { sandboxUrl: "http://127.0.0.1:9" });
  accountId = (await listProviderAccounts(database.db())).find((account) => account.provider === "cardepass")!.id;
  // Seven lines; two share a time, so the id decides their order.
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, minute));
  await upsertStatements(
    database.db(),
    [1, 2, 3, 3, 5, 6, 7].map((minute, index) => ({
      providerAccountId: accountId,
      source: "account" as const,
      providerLogId: `page-${index}`,
      type: "AccountTopUp",
      currency: "USD",
      amount: BigInt(100 * (index + 1)),
      occurredAt: at(minute),
    })),
  );
});

const logIds = (rows: { providerLogId: string }[]) => rows.map((row) => row.providerLogId);
const page = (params: { after?: StatementCursor | null; before?: StatementCursor | null }) => listStatements(database.db(), { filter: { providerAccountId: accountId }, limit: 3, ...params });

describe("a statement's pages", () => {
  it("go back one page at a time with Newer, to the same lines Older showed", async () => {
    const first = await page({});
    expect(logIds(first.rows)).toEqual(["page-6", "page-5", "page-4"]);
    expect(first.previous).toBeNull();
    const second = await page({ after: first.next });
    expect(logIds(second.rows)).toEqual(["page-3", "page-2", "page-1"]);
    const third = await page({ after: second.next });
    expect(logIds(third.rows)).toEqual(["page-0"]);
    expect(third.next).toBeNull();

    const backToSecond = await page({ before: third.previous });
    expect(logIds(backToSecond.rows)).toEqual(logIds(second.rows));
    expect(backToSecond.previous).not.toBeNull();
    expect(backToSecond.next).toEqual(second.next);
    const backToFirst = await page({ before: backToSecond.previous });
    expect(logIds(backToFirst.rows)).toEqual(logIds(first.rows));
    // The newest page has nothing newer.
    expect(backToFirst.previous).toBeNull();
  });
});
