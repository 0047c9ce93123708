import { eq, sql } from "drizzle-orm";
import { beforeAll, expect, it, vi } from "vitest";
import { findCard, insertCard } from "@/db/queries/card-updates";
import { findRequest } from "@/db/queries/requests";
import { cardRequests } from "@/db/schema/requests";
import { teams } from "@/db/schema/teams";
import { createRequest } from "@/lib/requests/create-request";
import { createRequestSchema } from "@/lib/requests/schemas";
import { AUDIT_CHAIN_LOCK } from "@/lib/audit/record";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { outsidePolicyWindow } from "@/test/policy-window";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { reassignCard } from "./edit-card";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));


const database = withTestDatabase();
const db = () => database.db();
let accountId = "";

beforeAll(async () => {
  // Nothing here may reach a provider: the demo's accounts point at a port nothing listens on.
  accountId = await seedOfflineDemo(db());
  await outsidePolicyWindow(db());
});

it("reassigning a card while a decision on one of its requests is being written does not deadlock", async () => {
  const employee = await sessionUserFor(db(), "employee@demo.test");
  const finance = await sessionUserFor(db(), "finance@demo.test");
  const newHolder = await sessionUserFor(db(), "employee2@demo.test");
  const [operations] = await db().select().from(teams).where(eq(teams.name, "Operations"));
  const card = await insertCard(db(), { organizationId: employee.organizationId, providerAccountId: accountId, cardModel: "prepaid", ownerUserId: employee.id, teamId: operations!.id, alias: "Race card", currency: "USD", status: "active", balance: 10_000n });
  const { requestId } = await createRequest(db(), employee, TEST_META, createRequestSchema.parse({ kind: "top_up", cardId: card.id, amount: "20.00", purpose: "race" }));

  // A decision in flight, as approveRequest and cancelRequest run: it holds the request, then writes its audit row.
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  const decision = db().transaction(async (tx) => {
    await tx.select().from(cardRequests).where(eq(cardRequests.id, requestId)).for("update");
    held();
    await gate;
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  });
  await isHeld;
  const reassignment = reassignCard(db(), finance, TEST_META, { cardId: card.id, ownerUserId: newHolder.id });
  await new Promise((resolve) => setTimeout(resolve, 300));
  release();

  const [decided, reassigned] = await Promise.allSettled([decision, reassignment]);
  expect(decided.status).toBe("fulfilled");
  expect(reassigned.status).toBe("fulfilled");
  expect((await findCard(db(), card.id))!.ownerUserId).toBe(newHolder.id);
  expect(await findRequest(db(), requestId)).toMatchObject({ status: "cancelled" });
});
