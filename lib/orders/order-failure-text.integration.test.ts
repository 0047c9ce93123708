/**
 * An order whose settlement fails inside Cardhub (a database refusal, a bug) stays open and, past its review deadline,
 * goes to a person. What it keeps as its failure message (the card page's order history, "Orders needing review") and
 * in its order.needs_review audit row (append-only) is the one rule of lib/provider-accounts/sync-failure-text: never
 * Cardhub's own error text, which for a failed query holds the row's values (emails, ids, amounts). That text goes to
 * the log, cleaned.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findOrder } from "@/db/queries/provider-orders";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { providerOrders } from "@/db/schema/provider-orders";
import { seedDemo } from "@/db/seed";
import { requestCardChange } from "@/lib/cards/request-card-change";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { readFailureText } from "@/lib/provider-accounts/sync-failure-text";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { followOrder } from "./follow-order";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
// A seeded Card OPEN-API prepaid card (sandbox/README.md, "Seeded starting data").
const CARD = "5f1d0c9e8b7a6f5e4d3c2b1a00000001";
const INTERNAL_TEXT = /Failed query|insert into|params:|finance@demo\.test|Grace Hopper|card\.topped_up/;

/** The database refuses the settlement's audit row only, naming a person as a constraint naming the row's values would. */
async function refuseToppedUpAuditRows(): Promise<void> {
  await db().execute(
    sql.raw(
      `create function refuse_topped_up() returns trigger language plpgsql as $$ begin if new.action = 'card.topped_up' then raise exception 'audit row of Grace Hopper refused'; end if; return new; end $$`,
    ),
  );
  await db().execute(sql.raw(`create trigger refuse_topped_up before insert on audit_log for each row execute function refuse_topped_up()`));
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 400 });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  await syncAllCards(db());
}, 120_000);
afterAll(async () => sandbox?.close());

describe("an order whose settlement fails inside Cardhub", () => {
  it("keeps no query or value of it in its failure message nor its review audit row; the log names it cleaned", async () => {
    const employee = await sessionUserFor(db(), "employee@demo.test");
    const [card] = await db()
      .update(cards)
      .set({ ownerUserId: employee.id, teamId: employee.teamIds[0] ?? null, status: "active" })
      .where(eq(cards.providerCardId, CARD))
      .returning();
    const finance = await sessionUserFor(db(), "finance@demo.test");
    // Pending at the sandbox for 400 ms, so it is settled by the follow-up below, not by the submission.
    const placed = await requestCardChange(db(), finance, TEST_META, card!.id, { type: "topup", amount: "5.00" });
    expect(placed.status).toBe("pending");
    await refuseToppedUpAuditRows();
    await new Promise((resolve) => setTimeout(resolve, 600));
    // Past the review deadline: the follow-up's settlement fails, and the order goes to a person.
    await db().update(providerOrders).set({ createdAt: new Date(Date.now() - 7 * 24 * 3600_000) }).where(eq(providerOrders.id, placed.orderId));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    await followOrder(db(), placed.orderId);
    const logged = warn.mock.calls.map((call) => call.join(" "));
    warn.mockRestore();

    const order = (await findOrder(db(), placed.orderId))!;
    expect(order.status).toBe("needs_review");
    expect(order.failureMessage).not.toMatch(INTERNAL_TEXT);
    expect(order.failureMessage).toBe(
      `The provider's answer stayed unknown for more than 6 hours; check the card at the provider. Cardhub keeps looking every hour. Last problem: ${readFailureText(new Error())}`,
    );
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, "order.needs_review"), eq(auditLog.targetId, card!.id)));
    expect((audit?.summary as { reason?: unknown }).reason).toBe(readFailureText(new Error()));
    const line = logged.find((text) => text.includes(placed.orderId));
    expect(line).toMatch(/Failed query on "audit_log"/);
    expect(line).not.toMatch(/params:|finance@demo\.test/);
  });
});
