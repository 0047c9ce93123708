import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { StatementList } from "@/components/statements/statement-list";
import { insertCard } from "@/db/queries/card-updates";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { listStatements, upsertStatements, type StatementRow } from "@/db/queries/statements";
import { toAccountLog } from "@/lib/providers/cardepass/transform-ledger";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";
import { STATEMENT_CSV_COLUMNS, statementCsvLine } from "./export";
import { toStatementRow } from "./sync-statements";

/**
 * cardepass-v1.md, accounts/cardAccountLogs, 返回数据结构: a card line's three sums each name their own currency:
 *   | »»» transAmount | object | 交易金额信息 |  | »»»» currency | string | 交易币种 |
 *   | »»» totalFee    | object | 总手续费信息 |  | »»»» currency | string | 总手续费币种 |
 *   | »»» feeItems    | [object] | 费用明细   |  | »»»» currency | string | 费用币种 |
 *   | »»» totalAmount | object | 总金额信息   |  | »»»» currency | string | 总金额币种 |
 * So a fee or total is stored, shown and exported in its own currency, never as minor units of the line's.
 */
const database = withTestDatabase();
let accountId = "";
let cardId = "";

beforeAll(async () => {
  await seedOfflineDemo(database.db());
  const account = (await listProviderAccounts(database.db())).find((item) => item.provider === "cardepass")!;
  accountId = account.id;
  cardId = (await insertCard(database.db(), { organizationId: account.organizationId, providerAccountId: accountId, providerCardId: "card-1", cardModel: "standard", alias: "Tokyo", currency: "JPY", status: "active" })).id;
});

const cardLine = (id: string, sums: Record<string, unknown>) => ({
  accountLogId: id,
  cardOrderNo: `C1000-${id}`,
  cardAccountLogType: "CardTopUp",
  cardInfo: { cardId: "card-1", cardCurrency: "JPY", maskCardNumber: "436797******2419", cardModel: "Standard" },
  fundsDirection: "Expenditure",
  status: "Completed",
  transTime: "2025-04-21T11:12:01.034Z",
  completedTime: "2025-04-21T11:14:15.604Z",
  note: "",
  ...sums,
});

const cases = [
  {
    name: "a JPY top-up with its fee and total in USD",
    wire: cardLine("L-JPY", {
      transAmount: { currency: "JPY", amount: 1000 },
      totalFee: { currency: "USD", amount: 0.1 },
      feeItems: [{ feeType: "TopUpFee", amount: 0.1, currency: "USD" }],
      totalAmount: { currency: "USD", amount: 6.8 },
    }),
    stored: { currency: "JPY", amount: 1000n, fee: 10n, feeCurrency: "USD", total: 680n, totalCurrency: "USD" },
    shown: ["¥1,000", "$0.10", "$6.80"],
    notShown: ["¥10<", "¥680"],
    csv: "2025-04-21T11:12:01.034Z,2025-04-21T11:14:15.604Z,card,CardTopUp,in,JPY,1000,USD,0.10,TopUpFee 0.10 USD,USD,6.80,,,Completed,CARD_ID,Tokyo,,card-1,C1000-L-JPY,L-JPY,",
  },
  {
    name: "a USD top-up with its fee and total in JPY (no decimals)",
    wire: cardLine("L-USD", {
      transAmount: { currency: "USD", amount: 3.9 },
      totalFee: { currency: "JPY", amount: 150 },
      feeItems: [{ feeType: "TopUpFee", amount: 150, currency: "JPY" }],
      totalAmount: { currency: "JPY", amount: 730 },
    }),
    stored: { currency: "USD", amount: 390n, fee: 150n, feeCurrency: "JPY", total: 730n, totalCurrency: "JPY" },
    shown: ["$3.90", "¥150", "¥730"],
    notShown: ["$1.50", "$7.30"],
    csv: "2025-04-21T11:12:01.034Z,2025-04-21T11:14:15.604Z,card,CardTopUp,in,USD,3.90,JPY,150,TopUpFee 150 JPY,JPY,730,,,Completed,CARD_ID,Tokyo,,card-1,C1000-L-USD,L-USD,",
  },
];

async function storedLine(providerLogId: string): Promise<StatementRow> {
  const { rows } = await listStatements(database.db(), { filter: { cardId, source: "card" }, limit: 10 });
  return rows.find((row) => row.providerLogId === providerLogId)!;
}

describe.each(cases)("Cardepass card line: $name", ({ wire, stored, shown, notShown, csv }) => {
  beforeAll(async () => {
    const log = toAccountLog(wire);
    await upsertStatements(database.db(), [toStatementRow(log, { providerAccountId: accountId, source: "card", cardId, at: new Date("2025-04-22T00:00:00Z") })]);
  });

  it("is stored with the fee and the total each in its own currency", async () => {
    expect(await storedLine(wire.accountLogId)).toMatchObject(stored);
  });

  it("shows the fee and the total each in its own currency", async () => {
    const html = renderToStaticMarkup(createElement(StatementList, { rows: [await storedLine(wire.accountLogId)], caption: "Lines", emptyTitle: "None" }));
    for (const text of shown) expect(html).toContain(text);
    for (const text of notShown) expect(html).not.toContain(text);
  });

  it("exports the fee and the total each beside its own currency", async () => {
    // The line's card is named by Cardhub's id and alias beside the provider's id (this card has no last four stored).
    expect(statementCsvLine(await storedLine(wire.accountLogId))).toBe(`${csv.replace("CARD_ID", cardId)}\r\n`);
    expect(STATEMENT_CSV_COLUMNS.join(",")).toBe(
      "occurred_at_utc,completed_at_utc,source,type,direction,currency,amount,fee_currency,fee,fee_items,total_currency,total,available_after,blocked_after,status,card_id,card_alias,card_last_four,provider_card_id,provider_order_id,provider_log_id,note",
    );
  });
});

describe("a line whose fee and total are not known (cleared by migration 0054: its fee items named another currency)", () => {
  it("still shows its fee items, on a wide screen and at phone width", async () => {
    const cleared = { ...(await storedLine("L-JPY")), fee: null, feeCurrency: null, total: null, totalCurrency: null };
    const html = renderToStaticMarkup(createElement(StatementList, { rows: [cleared], caption: "Lines", emptyTitle: "None" }));
    const [wide, phone] = html.split('<ul class="grid gap-2 md:hidden"');
    for (const view of [wide!, phone!]) {
      expect(view).toContain("Card top-up fee $0.10");
      expect(view).not.toContain("¥10<");
    }
    expect(statementCsvLine(cleared)).toContain(",JPY,1000,,,TopUpFee 0.10 USD,,,");
  });
});
