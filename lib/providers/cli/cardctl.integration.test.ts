import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "@/lib/providers/cli/args";
import { EXIT_CODES, runCardctl } from "@/lib/providers/cli/cardctl";
import { SANDBOX_CREDENTIALS, startHarness, type SandboxHarness } from "@/lib/providers/integration-support";
import { silentLogger } from "@/lib/providers/http";
import { TokenCache } from "@/lib/providers/token-cache";

let h: SandboxHarness;
let allSecrets: string[] = [];
beforeAll(async () => {
  h = await startHarness("cardepass");
  allSecrets = (await h.secrets()).flatMap((s) => [s.cardNumber, `"${s.cvv}"`, ...(s.pin ? [`"${s.pin}"`] : [])]);
});
afterAll(() => h.close());

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await runCardctl(argv, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    deps: { tokenCache: new TokenCache(), http: { logger: silentLogger, baseDelayMs: 5 } },
    loadAccount: async (label) => (label === "stored" ? { ...h.config(), id: "stored" } : null),
  });
  for (const secret of allSecrets) expect(out + err).not.toContain(secret);
  return { code, out, err, json: code === 0 && /^[[{]/.test(out) ? JSON.parse(out) : undefined };
}

const account = (provider: "cardepass" | "nobepay" | "cardopenapi") => [
  "--provider",
  provider,
  "--base-url",
  `${h.sandbox.url}/${provider === "cardepass" ? "cardepass/openapi" : provider}`,
  "--credentials",
  JSON.stringify(SANDBOX_CREDENTIALS[provider]),
  ...(provider === "cardopenapi" ? ["--time-zone", "UTC"] : []),
];

describe("cardctl", () => {
  it("prints normalized JSON with money as decimal strings", async () => {
    const card = await run("card", "66a0c0de0000000000000001", ...account("cardepass"));
    expect(card.code).toBe(0);
    expect(card.json).toMatchObject({ providerCardId: "66a0c0de0000000000000001", limits: { perTransaction: { amount: "500.00", currency: "USD" } } });
    expect(card.json.maskedNumber).toMatch(/^\d{6}\*{6}\d{4}$/);
    expect((await run("ping", ...account("cardepass"))).json).toMatchObject({ ok: true });
    expect((await run("products", ...account("cardepass"))).json).toHaveLength(3);
    expect((await run("balances", ...account("cardepass"))).json[0].available.amount).toMatch(/^\d+\.\d{2}$/);
    const txs = await run("transactions", "--card", "66a0c0de0000000000000003", "--from", "2020-01-01", "--to", "2099-12-31", ...account("cardepass"));
    expect(txs.code).toBe(0);
    expect(txs.json.items.every((t: { providerCardId: string }) => t.providerCardId === "66a0c0de0000000000000003")).toBe(true);
  });

  it("works for NobePay and cardopenapi, never printing full numbers", async () => {
    const cards = await run("cards", "--page-size", "10", ...account("nobepay"));
    expect(cards.code).toBe(0);
    expect(cards.json.items.length).toBeGreaterThanOrEqual(3);
    for (const c of cards.json.items) expect(c.maskedNumber ?? "******").toMatch(/^(\d{6})?\*{6}(\d{4})?$/);
    const co = await run("cards", ...account("cardopenapi"));
    expect(co.code).toBe(0);
    expect(co.out).not.toMatch(/card_no|"cvv"|"pin"/);
  });

  it("order lookups, including unknown ones (exit status per error code)", async () => {
    const missing = await run("order", "nope", "--by", "customer", "--model", "standard", ...account("cardepass"));
    expect(missing.code).toBe(EXIT_CODES.not_found);
    expect(missing.err).toMatch(/^not_found: /m);
    const unsupported = await run("order", "x", "--type", "topup", ...account("nobepay"));
    expect(unsupported.code).toBe(EXIT_CODES.unsupported);
  });

  it("--account loads a stored account", async () => {
    expect((await run("ping", "--account", "stored")).code).toBe(0);
    const unknown = await run("ping", "--account", "nope");
    expect(unknown.code).toBe(EXIT_CODES.usage);
  });

  it("wrong credentials exit with the auth code and never echo the secret", async () => {
    const r = await run("ping", "--provider", "cardepass", "--base-url", `${h.sandbox.url}/cardepass/openapi`, "--credentials", '{"clientId":"sandbox-client","clientSecret":"hunter2-secret"}');
    expect(r.code).toBe(EXIT_CODES.auth);
    expect(r.err).toMatch(/^auth: /m);
    expect(r.err).not.toContain("hunter2-secret");
  });

  it("usage errors", async () => {
    expect((await run("frobnicate")).code).toBe(EXIT_CODES.usage);
    expect((await run("card", ...account("cardepass"))).code).toBe(EXIT_CODES.usage);
    const badJson = await run("ping", "--provider", "nobepay", "--base-url", "http://x", "--credentials", "{appSecret: s3cret");
    expect(badJson.code).toBe(EXIT_CODES.usage);
    expect(badJson.err).not.toContain("s3cret");
    expect((await run("transactions", "--from", "2025-13-01", ...account("cardepass"))).code).toBe(EXIT_CODES.invalid_request);
    expect(() => parseArgs(["ping", "--bogus", "1"])).toThrow(/Unknown option/);
    expect((await run("help")).out).toMatch(/Usage: npm run cardctl/);
  });

  it("without --time-zone uses the same default as a connected account, and says which zone it used", async () => {
    const noZone = account("cardopenapi").slice(0, -2);
    const defaulted = await run("card", "5f1d0c9e8b7a6f5e4d3c2b1a00000002", ...noZone);
    expect(defaulted.code).toBe(0);
    expect(defaulted.err).toContain("provider times read in Asia/Shanghai (the cardopenapi default, as for a connected account without one");
    // The sandbox writes UTC wall-clock times; read as Shanghai they land 8 hours earlier — exactly what a connected
    // account without a time zone setting would store.
    expect(defaulted.json.activatedAt).toBe("2025-03-03T18:53:47.000Z");
    const chosen = await run("card", "5f1d0c9e8b7a6f5e4d3c2b1a00000002", ...account("cardopenapi"));
    expect(chosen.err).toContain("provider times read in UTC (--time-zone)");
    expect(chosen.json.activatedAt).toBe("2025-03-04T02:53:47.000Z");
    expect((await run("ping", "--account", "stored")).err).toContain("provider times read in UTC (the cardepass default");
  });
});
