import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../server";
import { admin, getJson, nobepayClient, startTestSandbox, waitFor } from "../test-support/clients";

let sandbox: RunningSandbox;
let nb: Awaited<ReturnType<typeof nobepayClient>>;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  nb = await nobepayClient(sandbox.url);
});
afterAll(() => sandbox.close());

type CardInfo = { card: { deposit: number; consume: number; balance: number; status: string; cardSeqNo: string } };
const info = async (cardId: string) => ((await getJson(await nb.get(`/card/info?cardId=${cardId}`))).data as CardInfo).card;

describe("NobePay deposit is cumulative", () => {
  // nobepay.md card/list and card/info: "| └deposit | integer | 充值累计 |", "| └consume | integer | 消费累计 |",
  // "| └balance | integer | 卡片余额(等于充值累计 - 消费累计) |". The document also has card/withdraw and a cancel that
  // returns the remaining balance, and names no counter for either. While deposit stays cumulative (充值累计) and consume
  // is spending (消费累计), the bracket cannot hold after a withdrawal or a cancel: the sandbox keeps balance as what is
  // left (deposit - consume - withdrawn), which equals the bracket's deposit - consume until money leaves the card
  // another way than spending.
  it("deposit (充值累计) only grows; balance is what is left after spending, withdrawals and cancel", async () => {
    const cardId = "c_8f3a1c0e5b7d4a2f0001";
    const start = await info(cardId);
    expect(start.balance).toBe(start.deposit - start.consume);
    const deposits: number[] = [start.deposit];

    expect(await getJson(await nb.post("/card/deposit", { cardId, amount: 1000, payCurrency: "USD" }))).toMatchObject({ code: 200000, data: true });
    let card = await info(cardId);
    expect([card.deposit, card.balance]).toEqual([start.deposit + 1000, start.balance + 1000]);
    expect(card.balance).toBe(card.deposit - card.consume);
    deposits.push(card.deposit);

    expect(await getJson(await nb.post("/card/withdraw", { cardId, amount: 500 }))).toMatchObject({ code: 200000, data: true });
    card = await info(cardId);
    expect([card.deposit, card.balance]).toEqual([start.deposit + 1000, start.balance + 500]);
    // The conflict: the 500 withdrawn is neither un-deposited nor spent.
    expect(card.balance).toBe(card.deposit - card.consume - 500);
    deposits.push(card.deposit);

    const spent = (await getJson(await admin(sandbox.url, "/purchase", { provider: "nobepay", cardId, amount: "2.50", merchant: "OPENAI", settle: true }))) as { approved: boolean };
    expect(spent.approved).toBe(true);
    card = await info(cardId);
    expect([card.deposit, card.consume - start.consume, card.balance]).toEqual([start.deposit + 1000, 250, start.balance + 250]);
    deposits.push(card.deposit);

    expect(await getJson(await nb.post("/card/cancel", { cardId, cardSeqNo: card.cardSeqNo }))).toMatchObject({ data: true });
    card = await waitFor(async () => {
      const c = await info(cardId);
      return c.status === "CANCELED" ? c : undefined;
    });
    expect([card.deposit, card.balance]).toEqual([start.deposit + 1000, 0]);
    deposits.push(card.deposit);
    expect(deposits).toEqual([...deposits].sort((a, b) => a - b));
  });

  it("a failed creation is refunded without un-depositing", async () => {
    // "CREATE_CARD_FAILED_REFUND:创建卡失败全额退款": the deposit asked for stays the cumulative deposit, the balance is 0.
    const holder = { firstName: "Milton", lastName: "Schmitt", address: { city: "Vienna", country: "US", state: "GA", street: "1010 Pine St LOT 12-E", zipCode: "31092" } };
    const created = (await getJson(await nb.post("/card/create", { vid: "v_7a21c9", cardHolder: holder, deposit: 100, payCurrency: "USD" }))).data as { card: { cardId: string; deposit: number } };
    expect(created.card.deposit).toBe(100);
    const failed = await waitFor(async () => {
      const c = await info(created.card.cardId);
      return c.status === "CREATE_CARD_FAILED_REFUND" ? c : undefined;
    });
    expect([failed.deposit, failed.balance]).toEqual([100, 0]);
  });
});

describe("NobePay list answers", () => {
  // nobepay.md, every list: "| └pageSize | integer | record元素个数 |" (the items in this record); the order-list example
  // asks `pageNo=1&pageSize=10` and answers `"pageSize": 4, "total": 4`.
  it("pageSize is the number of items in the record, not the page size asked for", async () => {
    const card = "c_8f3a1c0e5b7d4a2f0001";
    for (const path of ["/card/tag/list?", "/card/list?", `/card/transaction/list?cardId=${card}&`, `/card/trade/list?cardId=${card}&`, `/card/order/list?cardId=${card}&`]) {
      const page = (await getJson(await nb.get(`${path}pageNo=1&pageSize=100`))).data as { data: unknown[]; pageSize: number; total: number };
      expect(page.data.length).toBeLessThan(100);
      expect([path, page.pageSize]).toEqual([path, page.data.length]);
    }
    // A short last page: four or five cards (the seeded four, and the one the test above may have created), three a page.
    const last = (await getJson(await nb.get("/card/list?pageNo=2&pageSize=3"))).data as { data: unknown[]; pageSize: number; total: number; pageNo: number };
    expect([4, 5]).toContain(last.total);
    expect(last).toMatchObject({ pageNo: 2, pageSize: last.total - 3 });
    expect(last.data).toHaveLength(last.total - 3);
  });
});
