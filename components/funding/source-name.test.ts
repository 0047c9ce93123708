import { describe, expect, it } from "vitest";
import { fundingSourceName } from "./source-name";

describe("fundingSourceName", () => {
  it("uses the provider's label when it gives one (NobePay names a source by BIN, network, currency and purpose)", () => {
    expect(fundingSourceName({ label: "556735 Mastercard USD - advertising", scope: "556735", currency: "USD" })).toEqual({ name: "556735 Mastercard USD - advertising", providerId: null });
  });

  it("names an account-wide balance by its currency", () => {
    expect(fundingSourceName({ label: null, scope: "", currency: "HKD" })).toEqual({ name: "HKD account", providerId: null });
  });

  it("names an unlabelled wallet in plain words and keeps its raw id beside, not as the title", () => {
    expect(fundingSourceName({ label: null, scope: "w_100001_usd", currency: "USD" })).toEqual({ name: "USD wallet", providerId: "w_100001_usd" });
  });
});
