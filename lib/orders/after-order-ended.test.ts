import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import type { ProviderOrderRow } from "@/db/queries/provider-orders";

const reads = vi.hoisted(() => ({ failures: 0, calls: 0 }));
vi.mock("@/lib/cards/sync-card", () => ({
  syncCard: async () => {
    reads.calls += 1;
    if (reads.calls <= reads.failures) throw new Error("Cardepass sent an answer that could not be read");
  },
}));

const { afterOrderEnded } = await import("./after-order-ended");
const order = { id: "order-1", cardId: "card-1" } as ProviderOrderRow;

describe("afterOrderEnded", () => {
  beforeEach(() => {
    reads.calls = 0;
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
  });

  it("reads the card again when a read fails, so one unreadable answer does not leave the balance stale until the periodic sync", async () => {
    reads.failures = 2;
    await afterOrderEnded({} as Db, order);
    expect(reads.calls).toBe(3);
    expect(console.warn).not.toHaveBeenCalled();
  });

  it("gives up after three reads and leaves the card to the periodic sync, saying so", async () => {
    reads.failures = 10;
    await afterOrderEnded({} as Db, order);
    expect(reads.calls).toBe(3);
    expect(console.warn).toHaveBeenCalledOnce();
  });
});
