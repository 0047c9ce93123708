import { describe, expect, it } from "vitest";
import type { CardRow } from "@/db/queries/card-updates";
import { perCardReadOrder } from "./per-card-order";

/** The columns the rule reads; the rest of a row plays no part in it. */
function card(providerCardId: string | null, patch: Partial<CardRow> = {}): CardRow {
  return { id: `row-${providerCardId}`, providerCardId, status: "active", providerMissingSince: null, ...patch } as CardRow;
}

describe("the cards a NobePay card-by-card read walks", () => {
  it("are in provider-id order, whatever order the lists came in", () => {
    const walked = perCardReadOrder([card("c_3"), card("c_1", { status: "cancelled" }), card("c_2", { status: "expired" })]);
    expect(walked.map((row) => row.providerCardId)).toEqual(["c_1", "c_2", "c_3"]);
  });

  it("leave out a card with no provider id, one the provider no longer knows, and one still pending", () => {
    const walked = perCardReadOrder([card(null), card("c_1", { providerMissingSince: new Date() }), card("c_2", { status: "pending" }), card("c_3", { status: "frozen" })]);
    expect(walked.map((row) => row.providerCardId)).toEqual(["c_3"]);
  });

  it("walk a card listed twice once, as its last row has it", () => {
    const walked = perCardReadOrder([card("c_1", { alias: "first read" }), card("c_2"), card("c_1", { alias: "last read" })]);
    expect(walked.map((row) => [row.providerCardId, row.alias])).toEqual([
      ["c_1", "last read"],
      ["c_2", undefined],
    ]);
    expect(perCardReadOrder([card("c_1"), card("c_1", { providerMissingSince: new Date() })])).toEqual([]);
  });
});
