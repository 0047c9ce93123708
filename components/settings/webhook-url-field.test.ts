import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { WebhookUrlField } from "./webhook-url-field";

const render = (provider: "nobepay" | "cardepass", url: string) => {
  const html = renderToStaticMarkup(createElement(WebhookUrlField, { id: "webhook-a1", provider, url }));
  return { html, text: html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ") };
};
const LABELLED_FIELD = '<label for="webhook-a1" class="text-sm font-medium">Webhook URL to register with the provider</label>';

describe("an account's webhook URL on Settings → Provider accounts", () => {
  it("is ready to copy over https://, with a word that NobePay's staff configure it", () => {
    const url = "https://cards.example.com/api/webhooks/nobepay/secret-0123456789";
    const { html, text } = render("nobepay", url);
    expect(html).toContain(LABELLED_FIELD);
    expect(html).toContain(`value="${url}"`);
    expect(text).toContain("NobePay's staff configure a NobePay webhook URL on request: send it to them.");
  });

  it("is replaced by a warning behind a public http:// APP_URL", () => {
    const { html, text } = render("nobepay", "http://cards.example.com/api/webhooks/nobepay/secret-0123456789");
    expect(html).not.toContain("secret-0123456789");
    expect(html).not.toContain("<input");
    expect(html).toContain('role="alert"');
    expect(text).toMatch(/NobePay only accepts an HTTPS webhook URL, and APP_URL \(http:\/\/cards\.example\.com\) is not one/);
  });

  it("stays the labelled field the e2e suite reads on a loopback APP_URL (the sandbox posts to it), with NobePay's rule beside it", () => {
    const url = "http://127.0.0.1:3100/api/webhooks/nobepay/secret-0123456789";
    const { html, text } = render("nobepay", url);
    expect(html).toContain(LABELLED_FIELD);
    expect(html).toContain(`value="${url}"`);
    expect(text).toMatch(/NobePay itself only accepts an HTTPS webhook URL/);
  });
});
