import { describe, expect, it } from "vitest";
import { ProviderError, redact } from "@/lib/providers/errors";
import { noteSentSecrets, scopingSentSecrets } from "@/lib/providers/secret-scope";

const SECRET = 'a"b\\c/d+e=f&g h-QzX7Core';

describe("redact", () => {
  it("takes a secret out as sent in JSON, a URL or a form body, and as is", () => {
    const quoted = [SECRET, JSON.stringify(SECRET).slice(1, -1), encodeURIComponent(SECRET), new URLSearchParams({ s: SECRET }).toString().slice(2)];
    expect(new Set(quoted).size).toBe(4);
    for (const form of quoted) expect(redact(`got ${form}!`, [SECRET])).toBe("got [redacted]!");
  });
});

describe("an adapter call's errors", () => {
  const adapter = scopingSentSecrets({
    sends: async (echo: string) => {
      noteSentSecrets([SECRET]);
      await new Promise((resolve) => setTimeout(resolve, 1));
      throw new ProviderError("auth", { providerCode: `E ${echo}`, providerMessage: `${"x".repeat(280)} ${echo}`, message: `refused: ${echo}` });
    },
  });

  it("are scrubbed of what the call sent, in every field, before the provider's message is cut short", async () => {
    const error = (await adapter.sends(encodeURIComponent(SECRET)).catch((caught: unknown) => caught)) as ProviderError;
    expect(error).toBeInstanceOf(ProviderError);
    for (const text of [error.message, error.providerMessage!, error.providerCode!]) {
      expect(text).toContain("[redacted]");
      expect(text).not.toContain("QzX7");
    }
  });

  it("are not scrubbed of another call's secrets, and a call outside any adapter scrubs only card numbers", async () => {
    expect(new ProviderError("auth", { providerMessage: `echo ${SECRET}` }).providerMessage).toBe(`echo ${SECRET}`);
    await adapter.sends("nothing").catch(() => undefined);
    expect(new ProviderError("auth", { providerMessage: `echo ${SECRET}` }).providerMessage).toBe(`echo ${SECRET}`);
  });
});
