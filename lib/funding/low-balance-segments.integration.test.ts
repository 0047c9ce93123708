import { and, eq, isNull } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LowBalanceWarnings } from "@/components/funding/low-balance-warnings";
import { FundingSummary } from "@/components/overview/funding-summary";
import { listAccountFunding, lockAccountFunding, replaceAccountBalances } from "@/db/queries/funding";
import { listLowBalances } from "@/db/queries/low-balance";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { writeStoredSettings } from "@/db/queries/settings";
import { lowBalanceAlerts } from "@/db/schema/low-balance-alerts";
import { notifications } from "@/db/schema/notifications";
import { seedDemo } from "@/db/seed";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { alertOnLowBalances } from "./low-balance-alerts";
import { refreshAccountFunding } from "./refresh-funding";

/**
 * NobePay funds each card segment (BIN) apart: a card pays only from its own segment (lib/funding/paying-balance.ts).
 * Its low-balance threshold is judged per segment, and nothing says a part of an account's money is all of it.
 */

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let organizationId = "";
let nobepay = { id: "", organizationId: "", label: "" };
let wallet = { id: "", organizationId: "", label: "" };
let financeCount = 0;

const ADVERTISING = "v_5bc814";
const SAAS = "v_7a21c9";
const TRAVEL = "v_93de10"; // reports no balance (accountBalance null) in the sandbox

async function setSegment(vid: string, available: string): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/funding`, { method: "POST", body: JSON.stringify({ provider: "nobepay", vid, available }) });
  expect(response.status).toBe(200);
}

async function refreshNobepay(): Promise<void> {
  expect(await refreshAccountFunding(db(), nobepay.id)).toMatchObject({ ok: true });
}

const notices = () => db().select().from(notifications).where(eq(notifications.kind, "funding.low_balance"));
const openAlerts = (providerAccountId: string) =>
  db().select().from(lowBalanceAlerts).where(and(eq(lowBalanceAlerts.providerAccountId, providerAccountId), isNull(lowBalanceAlerts.recoveredAt)));
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replaceAll("&#x27;", "'").replace(/\s+/g, " ").trim();
const lowOf = async (accountId: string) => (await listLowBalances(db(), { organizationId })).filter((item) => item.providerAccountId === accountId);

async function overviewText(): Promise<{ warnings: string; panel: string }> {
  const html = renderToStaticMarkup(createElement(FundingSummary, { funding: await listAccountFunding(db(), { organizationId }), lowBalances: await listLowBalances(db(), { organizationId }) }));
  // The warnings as read aloud: inline tags join their text without a space.
  const warnings = (html.match(/<ul[^>]*aria-label="Low-balance warnings"[^>]*>.*?<\/ul>/)?.[0] ?? "").replace(/<\/li>/g, " ").replace(/<[^>]+>/g, "");
  return { warnings, panel: text(html) };
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  const accounts = await listProviderAccounts(db());
  nobepay = accounts.find((account) => account.provider === "nobepay")!;
  wallet = accounts.find((account) => account.provider === "cardopenapi")!;
  organizationId = nobepay.organizationId;
  // Finance warns below USD 1,000.00, on the NobePay account and on the Card OPEN-API wallets.
  await writeStoredSettings(db(), {
    organizationId,
    values: {
      lowBalanceThresholds: [
        { providerAccountId: nobepay.id, currency: "USD", amountMinor: "100000" },
        { providerAccountId: wallet.id, currency: "USD", amountMinor: "100000" },
      ],
    },
    userId: null,
  });
  await setSegment(ADVERTISING, "10000.00");
  await setSegment(SAAS, "0.00");
  await refreshNobepay();
  financeCount = new Set((await notices()).map((notice) => notice.recipientUserId)).size;
});
afterAll(async () => {
  await sandbox?.close();
});

describe("a provider that funds each segment apart (NobePay)", () => {
  it("warns about an empty segment while another segment of the account holds money", async () => {
    const low = await lowOf(nobepay.id);
    expect(low.map((item) => [item.scope, item.availableMinor])).toEqual([
      [SAAS, 0n],
      [TRAVEL, null],
    ]);
    expect(financeCount).toBeGreaterThanOrEqual(2);
    const saas = (await notices()).filter((notice) => notice.title.includes("SaaS subscriptions"));
    expect(saas).toHaveLength(financeCount);
    expect(saas[0]).toMatchObject({ title: "NobePay sandbox: segment 485932 VISA USD - SaaS subscriptions is low", body: "$0.00 available, below the threshold of $1,000.00.", href: "/funding" });
    const travel = (await notices()).filter((notice) => notice.title.includes("travel"));
    expect(travel[0]?.body).toBe("The provider reports no balance for this segment; the threshold is $1,000.00.");

    // The overview names the segment and lists the account's segments one by one, not one sum of them.
    const { warnings, panel } = await overviewText();
    expect(warnings).toContain("NobePay sandbox · 485932 VISA USD - SaaS subscriptions: $0.00 available, below the $1,000.00 threshold");
    expect(warnings).not.toContain("advertising");
    expect(panel).toContain("556735 Mastercard USD - advertising $10,000.00");
    expect(panel).toContain("485932 VISA USD - SaaS subscriptions $0.00 (low)");
    expect(panel).not.toContain("USD available $10,000.00");

    // /funding says the same of the account.
    const page = text(renderToStaticMarkup(createElement(LowBalanceWarnings, { low })));
    expect(page).toContain("Segment 485932 VISA USD - SaaS subscriptions is below its low-balance threshold of $1,000.00: $0.00 available.");
  });

  it("opens, notifies and re-arms each segment's crossing on its own", async () => {
    const before = (await notices()).length;
    await Promise.all([refreshNobepay(), refreshNobepay()]);
    await refreshNobepay();
    expect(await notices()).toHaveLength(before);
    expect((await openAlerts(nobepay.id)).map((alert) => alert.scope).sort()).toEqual([SAAS, TRAVEL]);

    // The SaaS segment is topped up: its crossing closes, the travel segment's stays open.
    await setSegment(SAAS, "5000.00");
    await refreshNobepay();
    expect((await openAlerts(nobepay.id)).map((alert) => alert.scope)).toEqual([TRAVEL]);

    // It runs dry again: finance hears of it again, once.
    await setSegment(SAAS, "10.00");
    await Promise.all([refreshNobepay(), refreshNobepay()]);
    const again = (await notices()).filter((notice) => notice.body === "$10.00 available, below the threshold of $1,000.00.");
    expect(again).toHaveLength(financeCount);
    expect(await notices()).toHaveLength(before + financeCount);
  });

  it("never tells the sum of the reported segments as the money available", async () => {
    await setSegment(ADVERTISING, "300.00");
    await setSegment(SAAS, "200.00");
    await refreshNobepay();
    const all = await notices();
    expect(all.filter((notice) => notice.body.includes("$500.00"))).toEqual([]);
    expect(all.filter((notice) => notice.body === "$300.00 available, below the threshold of $1,000.00.")).toHaveLength(financeCount);
    const { warnings, panel } = await overviewText();
    expect(panel).not.toContain("$500.00");
    expect(warnings).toContain("556735 Mastercard USD - advertising: $300.00 available");
    expect(warnings).toContain("485932 VISA USD - SaaS subscriptions: $200.00 available");
    expect(warnings).toContain("404038 VISA USD - travel: no balance reported");
  });
});

describe("a provider whose sources in a currency pay together", () => {
  it("says how many of them the sum leaves out, in the notice and on the overview", async () => {
    await db().transaction(async (tx) => {
      await lockAccountFunding(tx, { providerAccountId: wallet.id });
      await replaceAccountBalances(tx, {
        providerAccountId: wallet.id,
        readings: [
          { scope: "w_1_usd", currency: "USD", label: null, available: 50_000n, frozen: null, total: null },
          { scope: "w_2_usd", currency: "USD", label: null, available: null, frozen: null, total: null },
        ],
        at: new Date(),
      });
      await alertOnLowBalances(tx, wallet, new Date());
    });
    const [low] = await lowOf(wallet.id);
    expect(low).toMatchObject({ scope: "", availableMinor: 50_000n, sources: 2, unreported: 1 });
    const [notice] = (await notices()).filter((item) => item.title === `${wallet.label}: USD funding is low`);
    expect(notice?.body).toBe("$500.00 available in 1 of 2 sources (1 not reported), below the threshold of $1,000.00.");
    const { warnings } = await overviewText();
    expect(warnings).toContain(`${wallet.label}: $500.00 available in 1 of 2 sources (1 not reported), below the $1,000.00 threshold`);
  });
});
