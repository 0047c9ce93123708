/**
 * The order helpers that run inside jobs (and web requests) log an error of Cardhub's own as loggableError shows it: a
 * failed query by its table and cause, never its row's values (names, masked numbers, ids).
 */
import { and, isNotNull, sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { insertOrder, type ProviderOrderRow } from "@/db/queries/provider-orders";
import { cards } from "@/db/schema/cards";
import { withTestDatabase } from "@/test/database";
import { withSeededSandbox } from "@/test/seeded-sandbox";
import { afterOrderEnded } from "./after-order-ended";
import { startOrder } from "./start-order";

vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

const database = withTestDatabase();
const db = () => database.db();
withSeededSandbox(db);

afterEach(() => vi.restoreAllMocks());

/** Runs `work` while the database refuses every update of `table` (a blip, a lock or statement timeout). */
async function whileUpdatesRefused<T>(db: Db, table: string, work: () => Promise<T>): Promise<T> {
  const refuse = sql.identifier(`refuse_${table}_update`);
  await db.execute(sql`create function ${refuse}() returns trigger language plpgsql as $$ begin raise exception 'transient refusal'; end $$`);
  await db.execute(sql`create trigger ${refuse} before update on ${sql.identifier(table)} for each row execute function ${refuse}()`);
  try {
    return await work();
  } finally {
    await db.execute(sql`drop trigger ${refuse} on ${sql.identifier(table)}`);
    await db.execute(sql`drop function ${refuse}()`);
  }
}

function captured(method: "warn" | "error"): string[] {
  const lines: string[] = [];
  vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  return lines;
}

describe("an order helper's log line for a failed query", () => {
  it("afterOrderEnded names the table and the cause, not the card's values", async () => {
    const [card] = await db().select().from(cards).where(and(isNotNull(cards.providerCardId), isNotNull(cards.holderName), isNotNull(cards.maskedNumber))).limit(1);
    expect(card).toBeDefined();
    const warnings = captured("warn");

    const order = { id: crypto.randomUUID(), cardId: card!.id, type: "freeze", status: "completed", createdByUserId: null } as ProviderOrderRow;
    await whileUpdatesRefused(db(), "cards", () => afterOrderEnded(db(), order));

    const line = warnings.find((warning) => warning.startsWith("[orders]"));
    expect(line).toContain('Failed query on "cards"');
    expect(line).not.toContain("params:");
    expect(line).not.toContain(card!.holderName!);
    expect(line).not.toContain(card!.maskedNumber!);
  });

  it("startOrder names the table and the cause of an unexpected submission error, not the order's values", async () => {
    const [card] = await db().select().from(cards).where(isNotNull(cards.providerCardId)).limit(1);
    const order = await insertOrder(db(), { organizationId: card!.organizationId, providerAccountId: card!.providerAccountId, cardId: card!.id, type: "freeze", currency: card!.currency, request: { type: "freeze" } });
    const errors = captured("error");

    await whileUpdatesRefused(db(), "provider_orders", () => startOrder(db(), order.id));

    const line = errors.find((error) => error.startsWith("[orders]"));
    expect(line).toContain('Failed query on "provider_orders"');
    expect(line).not.toContain("params:");
  });
});
