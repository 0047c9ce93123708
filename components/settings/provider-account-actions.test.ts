import { createElement, type ReactElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import type { ConfirmActionDialogProps } from "./confirm-action-modal";

// The buttons' server actions are never called here (they load the server's auth); only the words around them are read.
vi.mock("@/lib/actions/provider-accounts/set-provider-account-active", () => ({ setProviderAccountActiveAction: async () => undefined }));
vi.mock("@/lib/actions/provider-accounts/rotate-webhook-url", () => ({ rotateWebhookUrlAction: async () => undefined }));
vi.mock("@/lib/actions/provider-accounts/test-provider-account", () => ({ testProviderAccountAction: async () => undefined }));
// Whether a connection test is under way, as the Test connection button reads it.
const testing = vi.hoisted(() => ({ pending: false }));
vi.mock("@/components/forms/use-refreshing-action", () => ({
  useRefreshingAction: () => ({ run: () => undefined, pending: testing.pending, failure: null, setFailure: () => undefined }),
}));

const { RotateWebhookUrlButton, TestConnectionButton } = await import("./provider-account-actions");

/** The dialog the button opens, as its props: the question it asks and what it shows once the URL is rotated. */
function rotateDialog(provider: "nobepay" | "cardepass", providerLabel: string) {
  const element = RotateWebhookUrlButton({ accountId: "a1", label: "Live", provider, providerLabel }) as ReactElement<ConfirmActionDialogProps<{ webhookUrl: string }>>;
  const text = (node: ReactNode) => renderToStaticMarkup(node).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").replace(/&#x27;/g, "'");
  return {
    title: element.props.title,
    resultTitle: element.props.resultTitle,
    question: text(element.props.description),
    afterRotating: (webhookUrl: string) => ({ html: renderToStaticMarkup(element.props.renderResult!({ webhookUrl })), text: text(element.props.renderResult!({ webhookUrl })) }),
  };
}

describe("Rotate webhook URL on a NobePay account (nobepay.md: \"请联系工作人员后台配置您的Webhook Endpoint Url\")", () => {
  it("says NobePay's staff configure the new URL, that webhooks to the old one are refused until then, and that the sync goes on", () => {
    const { question } = rotateDialog("nobepay", "NobePay");
    expect(question).not.toMatch(/dashboard/i);
    expect(question).toMatch(/NobePay's staff configure the new one/);
    expect(question).toMatch(/Until they do, NobePay's webhooks to the old URL are refused/);
    expect(question).toMatch(/transactions still arrive through the regular sync/);
  });

  it("hands over the new https:// URL to send to NobePay's staff", () => {
    const url = "https://cards.example.com/api/webhooks/nobepay/new-secret-0123456789";
    const { html, text } = rotateDialog("nobepay", "NobePay").afterRotating(url);
    expect(html).toContain(`value="${url}"`);
    expect(text).not.toMatch(/dashboard/i);
    expect(text).toMatch(/Ask NobePay's staff to configure this one now/);
  });

  it("withholds a new http:// URL on a public host, which NobePay would refuse, and says why", () => {
    const { html, text } = rotateDialog("nobepay", "NobePay").afterRotating("http://cards.example.com/api/webhooks/nobepay/new-secret-0123456789");
    expect(html).not.toContain("new-secret");
    expect(text).toMatch(/NobePay only accepts an HTTPS webhook URL/);
  });

  it("keeps a new loopback URL usable for the sandbox, saying how the sandbox learns it", () => {
    const url = "http://127.0.0.1:3000/api/webhooks/nobepay/new-secret-0123456789";
    const { html, text } = rotateDialog("nobepay", "NobePay").afterRotating(url);
    expect(html).toContain(`value="${url}"`);
    expect(text).toMatch(/restarting `npm run dev` points the sandbox at it/);
  });
});

describe("Rotate webhook URL on a provider whose document describes no registration", () => {
  it("names no dashboard either", () => {
    const { question, afterRotating } = rotateDialog("cardepass", "Cardepass");
    expect(question).not.toMatch(/dashboard/i);
    expect(question).toMatch(/refused until you register the new URL with Cardepass/);
    expect(afterRotating("https://cards.example.com/api/webhooks/cardepass/x").text).not.toMatch(/dashboard/i);
  });
});

describe("the Rotate webhook URL dialog's title", () => {
  it("asks before rotating, and says the URL is rotated over the new URL (the question is answered by then)", () => {
    const { title, resultTitle } = rotateDialog("nobepay", "NobePay");
    expect(title).toBe("Rotate the webhook URL of Live?");
    expect(resultTitle).toBe("The webhook URL of Live is rotated");
  });

  it("is not repeated by the note under the new URL, which says what else changed", () => {
    const { text } = rotateDialog("nobepay", "NobePay").afterRotating("https://cards.example.com/api/webhooks/nobepay/x");
    expect(text).toMatch(/Copy The old URL no longer works\. Ask NobePay's staff/);
    expect(text).not.toMatch(/rotated/);
  });
});

describe("Test connection while the test runs", () => {
  it("is busy, not disabled: a disabled button would drop keyboard focus to the page's <body>", () => {
    testing.pending = true;
    const html = renderToStaticMarkup(createElement(TestConnectionButton, { accountId: "a1", label: "Live" }));
    testing.pending = false;
    const button = /<button[^>]*>/.exec(html)![0];
    expect(button).not.toMatch(/\sdisabled[=\s>]/);
    expect(button).toContain('aria-disabled="true"');
    expect(button).toContain('aria-busy="true"');
    expect(html).toContain("Testing…");
  });
});
