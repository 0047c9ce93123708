import { afterEach, describe, expect, it } from "vitest";
import { isLuhnValid } from "./lib/luhn";
import type { RunningSandbox } from "./server";
import { admin, cardepassClient, cardopenapiPost, getJson, nobepayClient, startTestSandbox, waitFor } from "./test-support/clients";

let sandbox: RunningSandbox;
afterEach(() => sandbox?.close());

type Secrets = { cards: { provider: string; cardId: string; cardNumber: string; cvv: string }[] };

describe("admin API, purchases and the activity generator", () => {
  it("starts from the same seeded data every time and lists Luhn-valid card secrets", async () => {
    sandbox = await startTestSandbox();
    const first = (await getJson(await admin(sandbox.url, "/card-secrets"))) as Secrets;
    await sandbox.close();
    sandbox = await startTestSandbox();
    const second = (await getJson(await admin(sandbox.url, "/card-secrets"))) as Secrets;
    expect(second).toEqual(first);
    expect(first.cards.length).toBe(14); // 5 Cardepass, 4 NobePay, 5 cardopenapi (one not activated)
    expect(first.cards.every((c) => isLuhnValid(c.cardNumber) && /^\d{3}$/.test(c.cvv))).toBe(true);
  });

  it("approves within balance and limits and declines beyond them, consistently with the provider API", async () => {
    sandbox = await startTestSandbox();
    const api = await cardepassClient(sandbox.url);
    const share = "66a0c0de0000000000000001"; // maxAuthAmount 500.00
    const ok = (await getJson(await admin(sandbox.url, "/purchase", { provider: "cardepass", cardId: share, amount: "12.34", currency: "USD", merchant: "OPENAI", country: "US" }))) as { id: string; approved: boolean };
    expect(ok.approved).toBe(true);
    const over = (await getJson(await admin(sandbox.url, "/purchase", { provider: "cardepass", cardId: share, amount: "500.01", merchant: "OPENAI" }))) as { approved: boolean; declineReason: string };
    expect(over).toMatchObject({ approved: false, declineReason: "over_auth_limit" });
    const tx = (await getJson(await api.get(`/v1/transactions?CardId=${share}&PageSize=2`))).data as { data: { id: string; status: string; failureReason: string | null }[] };
    expect(tx.data[0]).toMatchObject({ status: "AuthFailure", failureReason: "Exceeds single transaction limit" });
    expect(tx.data[1]).toMatchObject({ id: ok.id, status: "AuthSuccess" });

    const nb = await nobepayClient(sandbox.url);
    const card = "c_8f3a1c0e5b7d4a2f0002";
    const balance = async () => ((await getJson(await nb.get(`/card/info?cardId=${card}`))).data as { card: { balance: number } }).card.balance;
    const start = await balance();
    const denied = (await getJson(await admin(sandbox.url, "/purchase", { provider: "nobepay", cardId: card, amount: ((start + 1) / 100).toFixed(2), merchant: "SLACK" }))) as { approved: boolean };
    expect(denied.approved).toBe(false);
    const eur = (await getJson(await admin(sandbox.url, "/purchase", { provider: "nobepay", cardId: card, amount: "10.00", currency: "EUR", merchant: "HILTON HOTELS" }))) as { id: string; cardAmount: string };
    expect(eur.cardAmount).toBe("10.85");
    expect(await balance()).toBe(start - 1085);
    await admin(sandbox.url, `/transactions/${eur.id}/reverse`, {});
    expect(await balance()).toBe(start);
    expect((await admin(sandbox.url, `/transactions/${eur.id}/settle`, {})).status).toBe(409);
  });

  it("keeps every balance consistent through many generated activity steps", async () => {
    sandbox = await startTestSandbox();
    const res = (await getJson(await admin(sandbox.url, "/activity/step", { count: 300 }))) as { steps: string[] };
    expect(res.steps).toHaveLength(300);
    expect(res.steps.some((s) => s.includes("declined"))).toBe(true);
    expect(res.steps.some((s) => s.includes("settled"))).toBe(true);
    expect(res.steps.some((s) => s.includes("refunded"))).toBe(true);
    const state = (await getJson(await admin(sandbox.url, "/state"))) as {
      cardepass: { funding: { available: string; blocked: string }; cards: { balance: string }[] };
      nobepay: { cards: { balance: string }[] };
      cardopenapi: { cards: { balance: string }[] };
    };
    const balances = [
      state.cardepass.funding.available,
      state.cardepass.funding.blocked,
      ...state.cardepass.cards.map((c) => c.balance),
      ...state.nobepay.cards.map((c) => c.balance),
      ...state.cardopenapi.cards.map((c) => c.balance),
    ].map(Number);
    expect(balances.every((b) => b >= 0)).toBe(true);
    const nb = await nobepayClient(sandbox.url);
    const list = (await getJson(await nb.get("/card/list?pageNo=1&pageSize=50"))).data as { data: { card: { deposit: number; consume: number; balance: number } }[] };
    expect(list.data.every((r) => r.card.balance === r.card.deposit - r.card.consume)).toBe(true);
  });

  it("runs the generator on an interval and reset returns to the seeded state", async () => {
    // The baseline is read with the generator still off: a generator started with the server could already have
    // stepped before the first read (the flake this test once had: "expected 48 to be 49").
    sandbox = await startTestSandbox({ activityIntervalMs: 0 });
    const count = async () => Object.values(((await getJson(await admin(sandbox.url, "/state"))) as { transactions: Record<string, number> }).transactions).reduce((a, b) => a + b, 0);
    const seeded = await count();
    await admin(sandbox.url, "/activity", { intervalMs: 10 });
    // However slow the machine, the generator must produce activity; wait for it instead of sleeping a fixed time.
    await waitFor(async () => (await count()) > seeded, 10_000);
    await admin(sandbox.url, "/activity", { intervalMs: 0 });
    await admin(sandbox.url, "/reset", {});
    expect(await count()).toBe(seeded);
  });

  it("sets a card's status as its provider reports it, and refuses a state the provider does not have", async () => {
    sandbox = await startTestSandbox();
    const api = await cardepassClient(sandbox.url);
    const cardepassStatus = async () => ((await getJson(await api.get("/v1/cards/66a0c0de0000000000000004"))).data as { status: string }).status;
    expect((await admin(sandbox.url, "/cards/cardepass/66a0c0de0000000000000004/status", { status: "expired" })).status).toBe(200);
    expect(await cardepassStatus()).toBe("Expired");
    const nb = await nobepayClient(sandbox.url);
    await admin(sandbox.url, "/cards/nobepay/c_8f3a1c0e5b7d4a2f0004/status", { status: "ACTIVE" });
    expect(((await getJson(await nb.get("/card/info?cardId=c_8f3a1c0e5b7d4a2f0004"))).data as { card: { status: string } }).card.status).toBe("ACTIVE");
    await admin(sandbox.url, "/cards/cardopenapi/5f1d0c9e8b7a6f5e4d3c2b1a00000004/status", { status: 2 });
    const list = (await getJson(await cardopenapiPost(sandbox.url, "/card/cardList", { page_no: 1, page_size: 50 }))).data as { card_list: { card_id: string; status: number }[] };
    expect(list.card_list.find((card) => card.card_id === "5f1d0c9e8b7a6f5e4d3c2b1a00000004")?.status).toBe(2);

    expect((await admin(sandbox.url, "/cards/cardepass/66a0c0de0000000000000004/status", { status: "Expired" })).status).toBe(400);
    expect((await admin(sandbox.url, "/cards/cardopenapi/5f1d0c9e8b7a6f5e4d3c2b1a00000004/status", { status: 9 })).status).toBe(400);
    expect((await admin(sandbox.url, "/cards/nobepay/c_unknown/status", { status: "ACTIVE" })).status).toBe(404);
  });
});
