import { afterAll, beforeAll, expect, it } from "vitest";
import { runCardctl } from "@/lib/providers/cli/cardctl";
import { startHarness, type SandboxHarness } from "@/lib/providers/integration-support";
import { silentLogger } from "@/lib/providers/http";
import { TokenCache } from "@/lib/providers/token-cache";

let h: SandboxHarness;
beforeAll(async () => {
  h = await startHarness("cardopenapi");
});
afterAll(() => h.close());

async function run(...argv: string[]) {
  let out = "";
  let err = "";
  // A connected Card OPEN-API account without a time zone setting (its provider's default, Asia/Shanghai, applies).
  const stored = { ...h.config(), id: "stored", settings: { timeoutMs: 400, maxRetryMs: 4_000 } };
  const code = await runCardctl(argv, {
    stdout: (text) => (out += text),
    stderr: (text) => (err += text),
    deps: { tokenCache: new TokenCache(), http: { logger: silentLogger, baseDelayMs: 5 } },
    loadAccount: async (label) => (label === "live" ? stored : null),
  });
  return { code, err, json: out ? (JSON.parse(out) as { activatedAt: string }) : null };
}

it("--time-zone applies over a stored account's settings, as the message that suggests it says", async () => {
  const defaulted = await run("card", "5f1d0c9e8b7a6f5e4d3c2b1a00000002", "--account", "live");
  expect(defaulted.err).toContain("provider times read in Asia/Shanghai (the cardopenapi default, as for a connected account without one; --time-zone to change)");
  // The sandbox writes UTC wall-clock times: read as Shanghai they land 8 hours earlier.
  expect(defaulted.json?.activatedAt).toBe("2025-03-03T18:53:47.000Z");

  const utc = await run("card", "5f1d0c9e8b7a6f5e4d3c2b1a00000002", "--account", "live", "--time-zone", "UTC");
  expect(utc.code).toBe(0);
  expect(utc.err).toContain("provider times read in UTC (--time-zone)");
  expect(utc.json?.activatedAt).toBe("2025-03-04T02:53:47.000Z");

  const badZone = await run("ping", "--account", "live", "--time-zone", "Mars/Olympus");
  expect(badZone.code).not.toBe(0);
  expect(badZone.err).toMatch(/^usage error: .*timeZone/m);
});
