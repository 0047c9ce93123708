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
  it("deposit (充值累计) only grows; balance is what is left after spending, withdrawals and cancel", async () => {
    // nobepay.md card/list: "| └deposit | integer | 充值累计 |", "| └consume | integer | 消费累计 |", "| └balance | integer | 卡片余额 |"
    const cardId = "c_8f3a1c0e5b7d4a2f0001";
    const start = await info(cardId);
    const deposits: number[] = [start.deposit];

    expect(await getJson(await nb.post("/card/deposit", { cardId, amount: 1000, payCurrency: "USD" }))).toMatchObject({ code: 200000, data: true });
    let card = await info(cardId);
    expect([card.deposit, card.balance]).toEqual([start.deposit + 1000, start.balance + 1000]);
    deposits.push(card.deposit);

    expect(await getJson(await nb.post("/card/withdraw", { cardId, amount: 500 }))).toMatchObject({ code: 200000, data: true });
    card = await info(cardId);
    expect([card.deposit, card.balance]).toEqual([start.deposit + 1000, start.balance + 500]);
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
