import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { findPerson } from "@/db/queries/people";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { cards } from "@/db/schema/cards";
import { seedDemo } from "@/db/seed";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { adminContextFor } from "@/lib/users/admin-context";
import { setPersonActive } from "@/lib/users/set-person-active";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { activeCardOf } from "@/test/card-fixtures";
import { withTestDatabase } from "@/test/database";
import { pausePoint } from "@/test/pause-point";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { reassignCard } from "./edit-card";
import { issueCard } from "./issue-card";
import { issueCardSchema } from "./schemas";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

// Where each side of the race is held: a reassignment once it has read the new holder, an issue as it writes the card,
// a deactivation once it holds the person's row and before it writes it.
const afterHolderRead = pausePoint();
const beforeCardInsert = pausePoint();
const beforePersonWrite = pausePoint();
vi.mock("@/db/queries/person-share-lock", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/db/queries/person-share-lock")>();
  return {
    ...original,
    lockPersonForShare: async (...args: Parameters<typeof original.lockPersonForShare>) => {
      const row = await original.lockPersonForShare(...args);
      await afterHolderRead.reach();
      return row;
    },
  };
});
vi.mock("@/db/queries/card-updates", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/db/queries/card-updates")>();
  return {
    ...original,
    insertCard: async (...args: Parameters<typeof original.insertCard>) => {
      await beforeCardInsert.reach();
      return original.insertCard(...args);
    },
  };
});
vi.mock("@/db/queries/people", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/db/queries/people")>();
  return {
    ...original,
    updateUserFields: async (...args: Parameters<typeof original.updateUserFields>) => {
      await beforePersonWrite.reach();
      return original.updateUserFields(...args);
    },
  };
});

const database = withTestDatabase();
const db = () => database.db();
const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let sandbox: RunningSandbox;
let accountId = "";

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 40 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  accountId = (await listProviderAccounts(db())).find((account) => account.provider === "cardopenapi")!.id;
  await refreshAllProducts(db());
});
afterAll(async () => sandbox?.close());

// Each case deactivates Eli; he starts each one active.
beforeEach(async () => {
  const admin = adminContextFor({ user: await as("admin"), meta: TEST_META });
  await setPersonActive(db(), admin, { userId: (await as("employee")).id, active: true });
});

const deactivate = async (userId: string) => setPersonActive(db(), adminContextFor({ user: await as("admin"), meta: TEST_META }), { userId, active: false });
const issueTo = (ownerUserId: string) =>
  issueCardSchema.parse({ kind: "cardopenapi", accountId, productId: "cpi_6530de6a2f1c7", ownerUserId, alias: "For Eli", initialAmount: "20" });

describe("reassigning a card to someone being deactivated", () => {
  it("the deactivation waits for the reassignment and lists the card among those to reassign", async () => {
    const [finance, eli, mia] = [await as("finance"), await as("employee"), await as("employee2")];
    const cardId = await activeCardOf(db(), { user: mia, providerAccountId: accountId });

    const { reached, release } = afterHolderRead.arm();
    const reassigning = reassignCard(db(), finance, TEST_META, { cardId, ownerUserId: eli.id });
    await reached; // finance's reassignment has read Eli: active
    const deactivating = deactivate(eli.id);
    await pause(300);
    release();
    await expect(reassigning).resolves.toEqual({ cardId });
    const { openCards } = await deactivating;

    expect(openCards.map((card) => card.id)).toContain(cardId);
    expect((await findPerson(db(), eli.id))!.active).toBe(false);
  });

  it("a reassignment that waited for the deactivation is refused on the holder field, and the card stays", async () => {
    const [finance, eli, mia] = [await as("finance"), await as("employee"), await as("employee2")];
    const cardId = await activeCardOf(db(), { user: mia, providerAccountId: accountId });

    const { reached, release } = beforePersonWrite.arm();
    const deactivating = deactivate(eli.id);
    await reached; // the deactivation holds Eli's row and has not written it yet
    const reassigning = reassignCard(db(), finance, TEST_META, { cardId, ownerUserId: eli.id });
    const settled = reassigning.then(
      () => "reassigned",
      (error: unknown) => error,
    );
    await pause(300);
    release();
    await deactivating;

    expect(await settled).toMatchObject({ code: "invalid_input", fields: { ownerUserId: expect.stringContaining("no longer active") } });
    const [card] = await db().select().from(cards).where(eq(cards.id, cardId));
    expect(card!.ownerUserId).toBe(mia.id);
  });
});

describe("issuing a card to someone being deactivated", () => {
  it("the deactivation waits for the issue and lists the new card among those to reassign", async () => {
    const [finance, eli] = [await as("finance"), await as("employee")];

    const { reached, release } = beforeCardInsert.arm();
    const issuing = issueCard(db(), finance, TEST_META, issueTo(eli.id));
    await reached; // the card is about to be written for Eli
    const deactivating = deactivate(eli.id);
    await pause(300);
    release();
    const { cardId } = await issuing;
    const { openCards } = await deactivating;

    expect(openCards.map((card) => card.id)).toContain(cardId);
  });

  it("an issue that waited for the deactivation is refused on the holder field, and no card is written", async () => {
    const [finance, eli] = [await as("finance"), await as("employee")];
    const cardsBefore = await db().select({ id: cards.id }).from(cards).where(eq(cards.ownerUserId, eli.id));

    const { reached, release } = beforePersonWrite.arm();
    const deactivating = deactivate(eli.id);
    await reached;
    const settled = issueCard(db(), finance, TEST_META, issueTo(eli.id)).then(
      () => "issued",
      (error: unknown) => error,
    );
    await pause(300);
    release();
    await deactivating;

    expect(await settled).toMatchObject({ code: "invalid_input", fields: { ownerUserId: expect.stringContaining("no longer active") } });
    expect(await db().select({ id: cards.id }).from(cards).where(eq(cards.ownerUserId, eli.id))).toEqual(cardsBefore);
  });
});
