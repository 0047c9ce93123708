import type { ProviderName } from "@/lib/providers/types";

/**
 * How a webhook URL takes effect at each provider, as its document has it; used on the Settings page, in its rotate
 * dialog (a client component: nothing here may read the server's environment) and by `npm run accounts -- list`.
 *
 * nobepay.md ("webhook"): "请联系工作人员后台配置您的Webhook Endpoint Url, Url 必须是HTTPS": NobePay's staff configure the
 * URL on request, and it must be HTTPS. Cardepass documents no webhooks, and Card OPEN-API's document names its
 * webhooks without saying how one is registered; Cardhub receives webhooks from neither (CAPABILITIES.webhooks).
 */
const CONFIGURED_BY_STAFF_HTTPS_ONLY: ReadonlySet<ProviderName> = new Set(["nobepay"]);

/**
 * What to show for an account's webhook URL: the URL, ready to hand over; the URL with a note, when it is an http://
 * address on this machine (development and the e2e stack, where only the provider sandbox posts to it); or a warning
 * in its place, when the provider would refuse it.
 */
export type WebhookUrlShown =
  | { state: "ready"; url: string; hint: string | null }
  | { state: "local"; url: string; notice: string }
  | { state: "needs-https"; notice: string };

export function webhookUrlShown(provider: ProviderName, url: string): WebhookUrlShown {
  if (!CONFIGURED_BY_STAFF_HTTPS_ONLY.has(provider)) return { state: "ready", url, hint: null };
  const parsed = new URL(url);
  if (parsed.protocol === "https:") return { state: "ready", url, hint: "NobePay's staff configure a NobePay webhook URL on request: send it to them." };
  if (isLoopback(parsed.hostname)) {
    return {
      state: "local",
      url,
      notice:
        "Only a sender on this machine, such as the provider sandbox, can reach this http:// address (`npm run dev` points the sandbox at its NobePay account's URL when it starts). " +
        "NobePay itself only accepts an HTTPS webhook URL: on a server, set APP_URL to its https:// address, then ask NobePay's staff to configure the URL shown then.",
    };
  }
  // Only the origin is named: the path's secret is the webhook's only authentication (DESIGN.md, "Webhook routes").
  return {
    state: "needs-https",
    notice:
      `NobePay only accepts an HTTPS webhook URL, and APP_URL (${parsed.origin}) is not one. ` +
      "Set APP_URL to this server's https:// address and restart Cardhub, then ask NobePay's staff to configure the webhook URL shown here.",
  };
}

/** The step that puts a freshly rotated webhook URL into effect, to follow "Rotate it and …". */
export function howToSetNewWebhookUrl(provider: ProviderName, providerLabel: string): string {
  return CONFIGURED_BY_STAFF_HTTPS_ONLY.has(provider) ? `ask ${providerLabel}'s staff to configure the new URL` : `register the new URL with ${providerLabel}`;
}

/** The rotate dialog's question: the old URL is refused from the commit on (rotate-webhook-secret.ts). */
export function rotateWebhookUrlWarning(provider: ProviderName, providerLabel: string): string {
  return CONFIGURED_BY_STAFF_HTTPS_ONLY.has(provider)
    ? `Use this when the URL may have leaked. The current URL stops working at once, and ${providerLabel}'s staff configure the new one when you ask them. Until they do, ${providerLabel}'s webhooks to the old URL are refused; transactions still arrive through the regular sync.`
    : `Use this when the URL may have leaked. The current URL stops working at once: ${providerLabel} webhooks sent to it are refused until you ${howToSetNewWebhookUrl(provider, providerLabel)}. Until then, transactions still arrive through the regular sync.`;
}

/**
 * What the rotate dialog says beside (or, when withheld, instead of) the new URL, under its title "The webhook URL of
 * <account> is rotated".
 */
export function rotatedWebhookUrlNote(provider: ProviderName, providerLabel: string, shown: WebhookUrlShown): string {
  const rotated = "The old URL no longer works.";
  if (shown.state === "local") return `${rotated} In development, restarting \`npm run dev\` points the sandbox at it.`;
  if (shown.state === "needs-https") return rotated;
  return CONFIGURED_BY_STAFF_HTTPS_ONLY.has(provider)
    ? `${rotated} Ask ${providerLabel}'s staff to configure this one now: until they do, ${providerLabel}'s webhooks are refused, and transactions arrive through the regular sync.`
    : `${rotated} Register this one with ${providerLabel} now.`;
}

/** 127.0.0.0/8, ::1 and localhost (RFC 6761: *.localhost too): no provider on the internet can reach them. */
function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname.endsWith(".localhost") || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}
