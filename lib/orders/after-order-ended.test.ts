import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";

const reads = vi.hoisted(() => ({ failures: 0, calls: 0 }));
vi.mock("@/lib/cards/sync-card", () => ({
  syncCard: async () => {
    reads.calls += 1;
    if (reads.calls <= reads.failures) throw new Error("Cardepass sent an answer that could not be read");
  },
}));
const queued = vi.hoisted(() => ({ sends: [] as { name: string; data: object; options: object }[], refusal: null as Error | null }));
vi.mock("@/lib/jobs/queue", () => ({
  enqueue: async (name: string, data: object, options: object) => {
    if (queued.refusal) throw queued.refusal;
    queued.sends.push({ name, data, options });
  },
}));

// The order's end recorded that its card's read is owed (card_read_due_at): which orders it is cleared for.
const cleared = vi.hoisted(() => ({ orderIds: [] as string[] }));
vi.mock("@/db/queries/provider-orders", () => ({
  clearCardReadDue: async (_db: unknown, id: string) => void cleared.orderIds.push(id),
}));

const { afterOrderEnded } = await import("./after-order-ended");
const order = { id: "order-1", cardId: "card-1", providerAccountId: "account-1" } as ProviderOrderRow;
// Whoever saw the order end, its account's statement (where its lines now are) is read soon.
const statementsRead = { name: "statements.sync", data: { accountId: "account-1" }, options: expect.objectContaining({ singletonKey: "statements:account-1" }) };

describe("afterOrderEnded", () => {
  beforeEach(() => {
    reads.calls = 0;
    queued.sends = [];
    queued.refusal = null;
    cleared.orderIds = [];
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  it("reads the card again when a read fails, so one unreadable answer does not leave the balance stale until the periodic sync", async () => {
    reads.failures = 2;
    await afterOrderEnded({} as Db, order);
    expect(reads.calls).toBe(3);
    expect(console.warn).not.toHaveBeenCalled();
    expect(queued.sends).toEqual([statementsRead]);
    expect(cleared.orderIds).toEqual(["order-1"]);
  });

  it("gives up after three reads and queues a retried read of the card, saying so", async () => {
    reads.failures = 10;
    await afterOrderEnded({} as Db, order);
    expect(reads.calls).toBe(3);
    expect(queued.sends).toEqual([statementsRead, { name: "cards.refresh", data: { cardId: "card-1" }, options: expect.objectContaining({ singletonKey: "card:card-1" }) }]);
    expect(console.warn).toHaveBeenCalledOnce();
    expect(vi.mocked(console.warn).mock.calls[0]![0]).toMatch(/^\[orders\] could not refresh card card-1 after order order-1 \(3 reads\): Error: Cardepass sent an answer that could not be read; a job reads it again$/);
    // Handed to a job of its own: no longer owed by the order.
    expect(cleared.orderIds).toEqual(["order-1"]);
  });

  it("ends the order's part all the same when the retried read cannot be queued, leaving the read owed to the reconcile job and saying why", async () => {
    reads.failures = 10;
    queued.refusal = Object.assign(new Error("Failed query: insert into pgboss.job values ($1, $2)\nparams: card-1,4111111111111111"), { cause: Object.assign(new Error("connection terminated"), { code: "57P01" }) });
    await expect(afterOrderEnded({} as Db, order)).resolves.toBeUndefined();
    const lines = vi.mocked(console.warn).mock.calls.map(([line]) => String(line));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\[orders\] could not queue a statements read after order order-1: Failed query on pgboss\.job: Error 57P01: connection terminated; the periodic read brings its lines$/);
    const queueing = lines.find((line) => line.includes("could not queue a read of card"));
    expect(queueing).toMatch(/^\[orders\] could not queue a read of card card-1 after order order-1: Failed query on pgboss\.job: Error 57P01: connection terminated$/);
    expect(lines.find((line) => line.includes("could not refresh"))).toMatch(/\(3 reads\): Error: Cardepass sent an answer that could not be read; left to the reconcile job and the periodic card sync$/);
    expect(queueing).not.toContain("4111");
    expect(cleared.orderIds).toEqual([]);
  });
});
