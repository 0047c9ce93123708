import { describe, expect, it } from "vitest";
import { howToSetNewWebhookUrl, webhookUrlShown } from "./webhook-registration";

const SECRET_PATH = "/api/webhooks/nobepay/s3cr3t-path-segment-0123456789";

describe("a NobePay webhook URL, which NobePay only accepts over HTTPS (nobepay.md: \"Url 必须是HTTPS\")", () => {
  it("is ready to hand over when APP_URL is https://, with a word that NobePay's staff configure it", () => {
    const url = `https://cards.example.com${SECRET_PATH}`;
    const shown = webhookUrlShown("nobepay", url);
    expect(shown).toEqual({ state: "ready", url, hint: expect.stringMatching(/NobePay's staff configure/) });
    if (shown.state === "ready") expect(shown.hint).not.toMatch(/dashboard/i);
  });

  it("is withheld behind a public http:// APP_URL, with a warning that says what to do instead", () => {
    const shown = webhookUrlShown("nobepay", `http://cards.example.com${SECRET_PATH}`);
    expect(shown.state).toBe("needs-https");
    expect(shown).not.toHaveProperty("url");
    if (shown.state !== "needs-https") return;
    expect(shown.notice).toMatch(/^NobePay only accepts an HTTPS webhook URL/);
    expect(shown.notice).toContain("http://cards.example.com");
    expect(shown.notice).toMatch(/Set APP_URL to this server's https:\/\/ address/);
    expect(shown.notice).toMatch(/ask NobePay's staff to configure/);
    // Only the origin is named: the secret path segment is the webhook's only authentication.
    expect(shown.notice).not.toContain("s3cr3t");
  });

  it.each(["http://127.0.0.1:3000", "http://localhost:3100", "http://[::1]:3000", "http://127.0.1.1:3000"])(
    "stays usable on a loopback APP_URL (%s), where only the sandbox on this machine posts, with a note that NobePay itself needs HTTPS",
    (origin) => {
      const url = `${origin}${SECRET_PATH}`;
      const shown = webhookUrlShown("nobepay", url);
      expect(shown).toEqual({ state: "local", url, notice: expect.stringMatching(/NobePay itself only accepts an HTTPS webhook URL/) });
    },
  );

  it("is not mistaken for loopback when only the name looks like it", () => {
    expect(webhookUrlShown("nobepay", `http://127.0.0.1.example.com${SECRET_PATH}`).state).toBe("needs-https");
    expect(webhookUrlShown("nobepay", `http://localhost.example.com${SECRET_PATH}`).state).toBe("needs-https");
  });
});

describe("the other providers' webhook URLs", () => {
  it("are shown as they are: neither document sets an HTTPS rule or names who configures them", () => {
    for (const provider of ["cardepass", "cardopenapi"] as const) {
      const url = `http://cards.example.com/api/webhooks/${provider}/secret`;
      expect(webhookUrlShown(provider, url)).toEqual({ state: "ready", url, hint: null });
    }
  });
});

describe("what to do with a new webhook URL", () => {
  it("is asking NobePay's staff for NobePay, whose document describes no dashboard for it", () => {
    expect(howToSetNewWebhookUrl("nobepay", "NobePay")).toBe("ask NobePay's staff to configure the new URL");
  });

  it("names no dashboard for the providers whose documents describe none", () => {
    expect(howToSetNewWebhookUrl("cardepass", "Cardepass")).toBe("register the new URL with Cardepass");
  });
});
