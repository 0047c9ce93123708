/**
 * A NobePay BIN's available balance is its funding account's balance: it crosses to the browser (the issue and
 * new-request forms' props) only for a viewer who may see funding.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { listProducts } from "@/db/queries/products";
import { can } from "@/lib/auth/permissions";
import { refreshAllProducts } from "@/lib/products/refresh-products";
import { withTestDatabase } from "@/test/database";
import { withSeededSandbox } from "@/test/seeded-sandbox";
import { sessionUserFor } from "@/test/session-user";
import { offeredProducts } from "./offered-products";

const database = withTestDatabase();
const db = () => database.db();
withSeededSandbox(db, { syncCards: false });
const as = (who: string) => sessionUserFor(db(), `${who}@demo.test`);

beforeAll(async () => {
  expect((await refreshAllProducts(db())).failed).toEqual([]);
});

describe("offeredProducts", () => {
  it("gives requesters (no funding.view) no BIN balance", async () => {
    for (const who of ["employee", "manager"]) {
      const viewer = await as(who);
      expect(can(viewer, "funding.view")).toBe(false);
      const offered = offeredProducts(await listProducts(db(), { organizationId: viewer.organizationId }), { viewer });
      expect(offered.filter((product) => product.providerProductId.startsWith("v_")).length).toBeGreaterThan(0);
      expect(offered.filter((product) => product.availableBalance !== null || product.balanceCurrency !== null || product.paying !== undefined).map((product) => product.providerProductId)).toEqual([]);
    }
  });

  it("gives finance the BIN balances it saw before", async () => {
    const viewer = await as("finance");
    const offered = offeredProducts(await listProducts(db(), { organizationId: viewer.organizationId }), { viewer });
    const bin = offered.find((product) => product.providerProductId === "v_7a21c9");
    expect(bin).toMatchObject({ availableBalance: 50_000n, balanceCurrency: "USD" });
  });
});
