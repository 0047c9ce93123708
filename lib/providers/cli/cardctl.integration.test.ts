import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "@/lib/providers/cli/args";
import { EXIT_CODES, runCardctl } from "@/lib/providers/cli/cardctl";
import { SANDBOX_CREDENTIALS, startHarness, type SandboxHarness } from "@/lib/providers/integration-support";
import { silentLogger } from "@/lib/providers/http";
import { TokenCache } from "@/lib/providers/token-cache";

let h: SandboxHarness;
let allSecrets: string[] = [];
// The credentials' files, one per provider, as an operator keeps them (readable by them alone).
const folder = mkdtempSync(path.join(tmpdir(), "cardctl-credentials-"));
const credentialsFile = (provider: keyof typeof SANDBOX_CREDENTIALS) => path.join(folder, `${provider}.json`);
beforeAll(async () => {
  h = await startHarness("cardepass");
  allSecrets = (await h.secrets()).flatMap((s) => [s.cardNumber, `"${s.cvv}"`, ...(s.pin ? [`"${s.pin}"`] : [])]);
  for (const [provider, credentials] of Object.entries(SANDBOX_CREDENTIALS)) {
    writeFileSync(credentialsFile(provider as keyof typeof SANDBOX_CREDENTIALS), JSON.stringify(credentials), { mode: 0o600 });
  }
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
  return h.close();
});

const run = (...argv: string[]) => runWithStdin("", ...argv);

/** One cardctl run with this text on its stdin (what `--credentials -` reads). */
async function runWithStdin(stdin: string, ...argv: string[]) {
  let out = "";
  let err = "";
  const code = await runCardctl(argv, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    stdin: Readable.from([stdin]),
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
  "--credentials-file",
  credentialsFile(provider),
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

  it("order <id> takes the provider's order id; given none found, it suggests --by customer for Cardhub's own id", async () => {
    const cardhubOrderId = "5411fbcd-29e3-4936-8529-b93483015dba";
    const asProvider = await run("order", cardhubOrderId, "--model", "standard", ...account("cardepass"));
    expect(asProvider.code).toBe(EXIT_CODES.not_found);
    expect(asProvider.err).toContain(
      `${cardhubOrderId} was looked up as the provider's order id. If it is Cardhub's own order id (the customer order number Cardhub sends), add --by customer (and --type when it is not an issue).`,
    );
    // Asked for explicitly: the answer stands as it is.
    const asCustomer = await run("order", cardhubOrderId, "--by", "customer", "--model", "standard", ...account("cardepass"));
    expect(asCustomer.code).toBe(EXIT_CODES.not_found);
    expect(asCustomer.err).not.toContain("--by customer");
  });

  it("--help and -h print the help and exit 0; it says which id order takes and what --type and --model choose", async () => {
    for (const flag of ["--help", "-h"]) {
      const help = await run(flag);
      expect(help.code).toBe(0);
      expect(help.err).toBe("");
      expect(help.out).toMatch(/^cardctl: operator CLI/);
    }
    expect((await run("order", "--help")).code).toBe(0);
    const { out } = await run("help");
    expect(out).toContain("--by customer: <id> is Cardhub's own order id");
    expect(out).toMatch(/--type\s+the kind of order/);
    expect(out).toMatch(/--model\s+Cardepass only/);
  });

  it("--account loads a stored account", async () => {
    expect((await run("ping", "--account", "stored")).code).toBe(0);
    const unknown = await run("ping", "--account", "nope");
    expect(unknown.code).toBe(EXIT_CODES.usage);
  });

  it("reads the credentials from stdin with --credentials -, or from a file with --credentials-file", async () => {
    const cardepass = ["--provider", "cardepass", "--base-url", `${h.sandbox.url}/cardepass/openapi`];
    const piped = await runWithStdin(`${JSON.stringify(SANDBOX_CREDENTIALS.cardepass)}\n`, "ping", ...cardepass, "--credentials", "-");
    expect(piped.code).toBe(0);
    expect(piped.json).toMatchObject({ ok: true });
    const filed = await run("ping", ...cardepass, "--credentials-file", credentialsFile("cardepass"));
    expect(filed.code).toBe(0);
    expect(filed.json).toMatchObject({ ok: true });
  });

  it("refuses a secret on the command line, where the process list and the shell history show it, without repeating it", async () => {
    const cardepass = ["--provider", "cardepass", "--base-url", `${h.sandbox.url}/cardepass/openapi`];
    const inline = await run("ping", ...cardepass, "--credentials", '{"clientId":"sandbox-client","clientSecret":"sandbox-secret"}');
    expect(inline.code).toBe(EXIT_CODES.usage);
    expect(inline.err).toMatch(/^usage error: --credentials takes no secret on the command line/m);
    expect(inline.err).toContain("--credentials - ");
    expect(inline.err).toContain("--credentials-file PATH");
    expect(inline.err).not.toContain("sandbox-secret");

    const both = await runWithStdin("{}", "ping", ...cardepass, "--credentials", "-", "--credentials-file", credentialsFile("cardepass"));
    expect(both.code).toBe(EXIT_CODES.usage);
    expect(both.err).toContain("give only one of --credentials and --credentials-file");
    const missing = await run("ping", ...cardepass, "--credentials-file", path.join(folder, "none.json"));
    expect(missing.code).toBe(EXIT_CODES.usage);
    expect(missing.err).toContain(`could not read ${path.join(folder, "none.json")} (ENOENT)`);
    const garbled = await runWithStdin('{"clientId":"sandbox-client","clientSecret":"garbled-secret"', "ping", ...cardepass, "--credentials", "-");
    expect(garbled.code).toBe(EXIT_CODES.usage);
    expect(garbled.err).toContain("The credentials read from stdin must be JSON");
    expect(garbled.err).not.toContain("garbled-secret");
    expect((await run("ping", ...cardepass)).err).toMatch(/^usage error: --credentials - \(stdin\) or --credentials-file PATH is required with --provider/m);
    expect((await run("help")).out).not.toContain("--credentials '<json>'");
  });

  it("wrong credentials exit with the auth code and never echo the secret", async () => {
    const r = await runWithStdin('{"clientId":"sandbox-client","clientSecret":"hunter2-secret"}', "ping", "--provider", "cardepass", "--base-url", `${h.sandbox.url}/cardepass/openapi`, "--credentials", "-");
    expect(r.code).toBe(EXIT_CODES.auth);
    expect(r.err).toMatch(/^auth: /m);
    expect(r.err).not.toContain("hunter2-secret");
  });

  it("usage errors", async () => {
    expect((await run("frobnicate")).code).toBe(EXIT_CODES.usage);
    expect((await run("card", ...account("cardepass"))).code).toBe(EXIT_CODES.usage);
    const badJson = await runWithStdin("{appSecret: s3cret", "ping", "--provider", "nobepay", "--base-url", "http://x", "--credentials", "-");
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
