import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { cards } from "@/db/schema/cards";
import { seedDemo } from "@/db/seed";
import { ActionError } from "@/lib/actions/result";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { nobepayClient } from "@/sandbox/test-support/clients";
import { withTestDatabase } from "@/test/database";
import { sessionUserFor, TEST_META } from "@/test/session-user";
import { syncAllCards } from "./sync-account-cards";
import { updateHolderAddress } from "./update-holder-address";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

/**
 * Review audit41 finding 6: the cardholder's address lives at the provider only, so the audit trail is the one place
 * that says who changed it to what. It must hold the change even when the outcome cannot be written, and the person
 * must never read that nothing was changed when the provider has the new address.
 */
const database = withTestDatabase();
let sandbox: RunningSandbox;
const NOBEPAY_CARD = "c_8f3a1c0e5b7d4a2f0002";

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 30 });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  await syncAllCards(database.db());
});
afterAll(async () => sandbox?.close());
afterEach(async () => {
  await database.db().execute(sql`drop trigger if exists refuse_address_outcome on audit_log`);
  await database.db().execute(sql`drop function if exists refuse_address_outcome()`);
});

async function card() {
  return (await database.db().select().from(cards).where(eq(cards.providerCardId, NOBEPAY_CARD)))[0]!;
}

async function addressAtProvider(): Promise<Record<string, string>> {
  const nb = await nobepayClient(sandbox.url);
  const info = (await (await nb.get(`/card/info?cardId=${NOBEPAY_CARD}`)).json()) as { data: { cardHolder: { address: Record<string, string> } } };
  return info.data.cardHolder.address;
}

async function addressRows(cardId: string) {
  return database
    .db()
    .select({ action: auditLog.action, outcome: auditLog.outcome, summary: auditLog.summary })
    .from(auditLog)
    .where(and(eq(auditLog.targetId, cardId), eq(auditLog.targetType, "card")))
    .orderBy(asc(auditLog.id))
    .then((rows) => rows.filter((row) => row.action.startsWith("card.holder_address")));
}

/** The database refuses the outcome row, as it would if it failed (or the process died) once the provider had answered. */
async function refuseOutcomeRows() {
  await database.db().execute(sql`
    create function refuse_address_outcome() returns trigger language plpgsql as $$
    begin
      if new.action = 'card.holder_address_changed' then raise exception 'the database went away'; end if;
      return new;
    end $$`);
  await database.db().execute(sql`create trigger refuse_address_outcome before insert on audit_log for each row execute function refuse_address_outcome()`);
}

describe("the cardholder address change on record", () => {
  it("is on record, with the address sent, before the provider hears of it; then its outcome", async () => {
    const target = await card();
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    const address = { street: "12 Peachtree St", city: "Atlanta", state: "GA", zipCode: "30303" };
    await updateHolderAddress(database.db(), finance, TEST_META, { cardId: target.id, ...address });

    expect(await addressRows(target.id)).toEqual([
      { action: "card.holder_address_change_sent", outcome: "success", summary: { provider: "nobepay", after: address } },
      { action: "card.holder_address_changed", outcome: "success", summary: { provider: "nobepay", after: address } },
    ]);
  });

  it("keeps the change on record when its outcome cannot be written, and says the provider has the new address", async () => {
    const target = await card();
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    const address = { street: "1 Infinite Loop", city: "Macon", state: "GA", zipCode: "31201" };
    const before = (await addressRows(target.id)).length;
    await refuseOutcomeRows();

    const error = await updateHolderAddress(database.db(), finance, TEST_META, { cardId: target.id, ...address }).catch((caught: unknown) => caught);

    expect(await addressAtProvider()).toMatchObject(address);
    expect((await addressRows(target.id)).slice(before)).toEqual([{ action: "card.holder_address_change_sent", outcome: "success", summary: { provider: "nobepay", after: address } }]);
    // Not the guard's "Nothing was changed": the provider has the new address.
    expect(error).toBeInstanceOf(ActionError);
    expect(error).toMatchObject({ code: "internal", message: expect.stringContaining("NobePay") });
    expect((error as Error).message).toMatch(/has the new address/);
  });

  it("records a refusal after the request, and answers with the provider's reason even when the refusal cannot be written", async () => {
    const target = await card();
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    const before = (await addressRows(target.id)).length;
    // A blank street: the NobePay adapter refuses it before sending anything.
    const address = { street: " ", city: "Macon", state: "GA", zipCode: "31201" };
    await expect(updateHolderAddress(database.db(), finance, TEST_META, { cardId: target.id, ...address })).rejects.toMatchObject({ code: "provider_error" });
    expect((await addressRows(target.id)).slice(before)).toEqual([
      { action: "card.holder_address_change_sent", outcome: "success", summary: { provider: "nobepay", after: address } },
      { action: "card.holder_address_changed", outcome: "failure", summary: { reason: "provider_error", message: expect.stringContaining("street") } },
    ]);

    await refuseOutcomeRows();
    await expect(updateHolderAddress(database.db(), finance, TEST_META, { cardId: target.id, ...address })).rejects.toMatchObject({
      code: "provider_error",
      message: expect.stringContaining("did not change the address"),
    });
  });

  it("when the provider's answer is lost, says the address may have changed (not that it did not), and records the outcome as unknown", async () => {
    const target = await card();
    const finance = await sessionUserFor(database.db(), "finance@demo.test");
    const before = (await addressRows(target.id)).length;
    const address = { street: "500 Cherry St", city: "Macon", state: "GA", zipCode: "31201" };
    // The sandbox carries the request out and garbles its answer, as a broken proxy would.
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ provider: "nobepay", failNext: 1, failMode: "malformed" }) });

    const error = await updateHolderAddress(database.db(), finance, TEST_META, { cardId: target.id, ...address }).catch((caught: unknown) => caught);

    expect(await addressAtProvider()).toMatchObject(address);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).not.toMatch(/did not change/);
    expect((error as Error).message).toMatch(/^NobePay sandbox gave no clear answer .*the address may have changed\. Sending the same address again is safe\.$/);
    expect((await addressRows(target.id)).slice(before)).toEqual([
      { action: "card.holder_address_change_sent", outcome: "success", summary: { provider: "nobepay", after: address } },
      { action: "card.holder_address_changed", outcome: "failure", summary: { reason: "outcome_unknown", message: expect.any(String) } },
    ]);
  });
});
