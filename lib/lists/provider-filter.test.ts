import { describe, expect, it } from "vitest";
import { providerFilterOptions } from "./provider-filter";

describe("the provider select's choices", () => {
  it("are the providers of the offered accounts, once each, in Cardhub's provider order", () => {
    const accounts = [{ provider: "cardopenapi" as const }, { provider: "cardepass" as const }, { provider: "cardopenapi" as const }];
    expect(providerFilterOptions(accounts, undefined, "no accounts")).toEqual([
      { value: "cardepass", label: "Cardepass" },
      { value: "cardopenapi", label: "Card OPEN-API" },
    ]);
  });

  it("add the chosen provider, marked, when no offered account is with it", () => {
    expect(providerFilterOptions([{ provider: "cardopenapi" }], "nobepay", "no accounts")).toEqual([
      { value: "nobepay", label: "NobePay (no accounts)" },
      { value: "cardopenapi", label: "Card OPEN-API" },
    ]);
    expect(providerFilterOptions([], "cardepass", "none of yours")).toEqual([{ value: "cardepass", label: "Cardepass (none of yours)" }]);
    expect(providerFilterOptions([{ provider: "nobepay" }], "nobepay", "no accounts")).toEqual([{ value: "nobepay", label: "NobePay" }]);
  });
});
