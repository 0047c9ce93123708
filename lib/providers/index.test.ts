import { describe, expect, it } from "vitest";
import { CAPABILITIES, createProvider, PROVIDER_OPERATIONS, supports } from "@/lib/providers/index";
import { cardopenapiCredentialsSchema } from "@/lib/providers/config";

const base = { baseUrl: "http://127.0.0.1:4010/x" };

describe("registry", () => {
  it("builds the adapter for each provider", () => {
    expect(createProvider({ ...base, id: "a", provider: "cardepass", credentials: { clientId: "c", clientSecret: "s" } }).name).toBe("cardepass");
    expect(createProvider({ ...base, id: "b", provider: "nobepay", credentials: { appKey: "k", appSecret: "s" } }).name).toBe("nobepay");
    expect(createProvider({ ...base, id: "c", provider: "cardopenapi", credentials: { customerId: 1, appId: 2, key: "k" } }).name).toBe("cardopenapi");
  });

  it("rejects a config whose credentials do not fit the provider, without echoing secrets", () => {
    const attempt = () => createProvider({ ...base, id: "x", provider: "nobepay", credentials: { clientId: "c", clientSecret: "very-secret" } });
    expect(attempt).toThrow(/credentials\.appKey/);
    expect(attempt).not.toThrow(/very-secret/);
    expect(() => createProvider({ ...base, id: "y", provider: "cardopenapi", credentials: { customerId: 1, appId: 2, key: "k" }, settings: { timeZone: "Mars/Base" } })).toThrow(/timeZone/);
  });

  it("capabilities say what each provider offers before anyone calls it", () => {
    for (const caps of Object.values(CAPABILITIES)) expect(Object.keys(caps.operations).sort()).toEqual([...PROVIDER_OPERATIONS].sort());
    expect(supports(CAPABILITIES.nobepay, "freeze")).toBe(false);
    expect(supports(CAPABILITIES.cardepass, "topUp", "standard")).toBe(true);
    expect(supports(CAPABILITIES.cardepass, "topUp", "sharebalance")).toBe(false);
    expect(supports(CAPABILITIES.cardepass, "setLimits")).toBe(true);
    expect(supports(CAPABILITIES.cardepass, "listCards")).toBe(false);
    expect(supports(CAPABILITIES.cardopenapi, "withdraw")).toBe(false);
  });

  it("credential schemas coerce numeric ids from form input", () => {
    expect(cardopenapiCredentialsSchema.parse({ customerId: "10000011", appId: "100001", key: "k" })).toEqual({ customerId: 10000011, appId: 100001, key: "k" });
  });

  it("an id that is no number at all is told in the field's words, not zod's \"expected number, received NaN\"", () => {
    const parsed = cardopenapiCredentialsSchema.safeParse({ customerId: "ten", appId: "1e", key: "k" });
    const messages = Object.fromEntries((parsed.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));
    expect(messages).toEqual({ customerId: "Customer ID must be a whole number", appId: "App ID must be a whole number" });
  });
});
