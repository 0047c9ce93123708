import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { checkoutPort } from "./checkout-port";
import { firstFreePort } from "./embedded-postgres";

describe("the dev database's port", () => {
  it("is the same for one checkout and differs between two (no fixed 54329 for everyone)", () => {
    expect(checkoutPort(56000, 1000, "/work/main")).toBe(checkoutPort(56000, 1000, "/work/main"));
    const ports = new Set(["/a/cardhub", "/b/cardhub", "/c/cardhub", "/d/cardhub"].map((folder) => checkoutPort(56000, 1000, folder)));
    expect(ports.size).toBeGreaterThan(1);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(56000);
      expect(port).toBeLessThan(57000);
    }
  });

  it("moves to the next free port when another program holds the preferred one", async () => {
    const holder = createServer();
    const taken = await new Promise<number>((resolve) => holder.listen(0, "127.0.0.1", () => resolve((holder.address() as { port: number }).port)));
    try {
      const chosen = await firstFreePort(taken);
      expect(chosen).toBeGreaterThan(taken);
    } finally {
      holder.close();
    }
  });
});
