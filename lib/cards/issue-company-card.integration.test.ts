import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog } from "@/db/schema/audit";
import { findCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { issueCard } from "./issue-card";
import { issueCardSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
let sandbox: RunningSandbox;
let cardopenapiAccount: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  cardopenapiAccount = (await listProviderAccounts(database.db())).find((account) => account.provider === "cardopenapi")!.id;
  await refreshAllProducts(database.db());
});
afterAll(async () => sandbox?.close());

describe("an unassigned company card", () => {
  it("is issued without an owner, and its audit row says so", async () => {
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    const input = issueCardSchema.parse({ kind: "cardopenapi", accountId: cardopenapiAccount, productId: "cpi_6530de6a2f1c7", teamId: null, alias: "Office supplies", initialAmount: "20" });
    expect(input.ownerUserId).toBeUndefined();
    const result = await issueCard(database.db(), finance, TEST_META, input);
    expect(await findCard(database.db(), result.cardId)).toMatchObject({ ownerUserId: null, teamId: null, status: "pending", alias: "Office supplies" });
    const [row] = await database.db().select().from(auditLog).where(eq(auditLog.targetId, result.cardId));
    expect(row).toMatchObject({ action: "order.created", outcome: "success" });
    expect(row!.summary).toMatchObject({ owner: null, alias: "Office supplies" });
  });

  it("still refuses an owner from outside the organisation", async () => {
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    const input = issueCardSchema.parse({
      kind: "cardopenapi",
      accountId: cardopenapiAccount,
      productId: "cpi_6530de6a2f1c7",
      ownerUserId: "00000000-0000-4000-8000-000000000001",
      alias: "Stranger",
      initialAmount: "20",
    });
    await expect(issueCard(database.db(), finance, TEST_META, input)).rejects.toMatchObject({ fields: { ownerUserId: expect.any(String) } });
  });
});
