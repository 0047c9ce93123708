import { describe, expect, it } from "vitest";
import { ORDER_TYPES } from "@/lib/providers/types";
import { waitsForOpenOrders } from "./open-order-rule";

describe("waitsForOpenOrders", () => {
  it("lets every change through on a card with no open order", () => {
    for (const type of ORDER_TYPES) expect(waitsForOpenOrders(type, [])).toBe(false);
  });

  it("lets a freeze overtake an open top-up, withdrawal or limit change (in review too): it stops spending and moves no money", () => {
    expect(waitsForOpenOrders("freeze", ["topup"])).toBe(false);
    expect(waitsForOpenOrders("freeze", ["withdraw"])).toBe(false);
    expect(waitsForOpenOrders("freeze", ["limits"])).toBe(false);
  });

  it("keeps a freeze waiting behind an open freeze, unfreeze, cancel, activation or issue, whose result it would race", () => {
    for (const open of ["freeze", "unfreeze", "cancel", "activate", "issue"] as const) expect(waitsForOpenOrders("freeze", [open])).toBe(true);
    expect(waitsForOpenOrders("freeze", ["topup", "cancel"])).toBe(true);
  });

  it("keeps every other change waiting behind any open order, a cancel behind a top-up included", () => {
    for (const change of ["unfreeze", "cancel", "topup", "withdraw", "limits", "activate"] as const) {
      for (const open of ORDER_TYPES) expect(waitsForOpenOrders(change, [open])).toBe(true);
    }
  });
});
