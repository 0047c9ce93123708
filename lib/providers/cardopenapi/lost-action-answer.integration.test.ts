/**
 * A Card OPEN-API freeze, unfreeze, cancellation or activation whose answer is lost after the provider carried it out
 * (the sandbox's "lost" fault: the request runs, a gateway answers 502). The adapter sends it again, so a stolen card's
 * freeze does not wait on a lost answer; the provider refuses the repeat, the card being in its new status already; and
 * that refusal is not the answer to the first sending (review cardopenapi43 F1).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { silentLogger, type FetchLike } from "@/lib/providers/http";
import { createProvider } from "@/lib/providers/index";
import { startHarness, type SandboxHarness } from "@/lib/providers/integration-support";
import type { CardProvider } from "@/lib/providers/interface";
import { TokenCache } from "@/lib/providers/token-cache";
import { ENDPOINTS as EP } from "@/lib/providers/cardopenapi/types";

const ACTIVE = "5f1d0c9e8b7a6f5e4d3c2b1a00000002";
const FROZEN = "5f1d0c9e8b7a6f5e4d3c2b1a00000003";
const CANCELLED = "5f1d0c9e8b7a6f5e4d3c2b1a00000004";
const INACTIVE = "5f1d0c9e8b7a6f5e4d3c2b1a00000005";

let h: SandboxHarness;
let p: CardProvider;
// A cancellation stays 销卡中 (4) for the whole test: what the adapter reads of it is then known.
beforeAll(async () => {
  h = await startHarness("cardopenapi", { orderDelayMs: 60_000 });
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.admin("POST", "/reset");
  h.requests.length = 0;
  p = h.provider();
});

const sent = (path: string) => h.requests.filter((r) => r.endsWith(path)).length;
const providerStatus = async (cardId: string) => (await p.getCard(cardId)).providerStatus;

describe("a card action whose answer was lost after the provider carried it out", () => {
  for (const [action, cardId, path, status, after] of [
    ["freeze", ACTIVE, EP.cardFreeze.path, "completed", "3"],
    ["unfreeze", FROZEN, EP.cardUnfreeze.path, "completed", "2"],
    ["activate", INACTIVE, EP.cardActive.path, "completed", "2"],
    ["cancel", ACTIVE, EP.cardCancel.path, "pending", "4"],
  ] as const) {
    it(`${action}: the refused repeat is read against the card, and the card in its new status is the first sending's success`, async () => {
      await h.faults({ failNext: 1, failMode: "lost", failStatus: 502 });
      const order = await p[action]({ customerOrderNo: `lost-${action}`, cardId });
      expect(sent(path)).toBe(2);
      expect(sent(EP.cardDetail.path)).toBe(1);
      expect(order).toMatchObject({ provider: "cardopenapi", type: action, status, providerStatus: after, customerOrderNo: `lost-${action}`, cardIds: [cardId], failureReason: null });
      expect(await providerStatus(cardId)).toBe(after);
    });
  }

  it("a refused repeat is still a refusal when the card is not in the action's new status", async () => {
    // The first sending never reaches the provider (a gateway's 502); the repeat is refused, since a cancelled card
    // cannot be frozen.
    await h.faults({ failNext: 1, failStatus: 502 });
    await expect(p.freeze({ customerOrderNo: "lost-cancelled", cardId: CANCELLED })).rejects.toMatchObject({ code: "invalid_request", providerMessage: "status does not allow this operation: card status 5" });
    expect(sent(EP.cardFreeze.path)).toBe(2);
    expect(sent(EP.cardDetail.path)).toBe(1);
  });

  it("a repeat after a first sending refused with 429 is the only sending: its refusal stands, though the card is frozen", async () => {
    // Frozen before Cardhub's freeze, by someone else; the 429 says outright the first sending was not carried out.
    await h.faults({ failNext: 1, failStatus: 429, retryAfterSeconds: 0 });
    await expect(p.freeze({ customerOrderNo: "after-429", cardId: FROZEN })).rejects.toMatchObject({ code: "invalid_request" });
    expect(sent(EP.cardFreeze.path)).toBe(2);
    expect(sent(EP.cardDetail.path)).toBe(0);
  });

  it("so is a repeat after a first sending answered 503 with Retry-After", async () => {
    let freezes = 0;
    const unavailableFirst: FetchLike = async (input, init) => {
      if (new URL(input).pathname.endsWith(EP.cardFreeze.path) && ++freezes === 1) return new Response("busy", { status: 503, headers: { "retry-after": "0" } });
      return globalThis.fetch(input, init);
    };
    const adapter = createProvider(h.config(), { tokenCache: new TokenCache(), http: { fetch: unavailableFirst, logger: silentLogger, baseDelayMs: 5, maxDelayMs: 50 } });
    await expect(adapter.freeze({ customerOrderNo: "after-503", cardId: FROZEN })).rejects.toMatchObject({ code: "invalid_request" });
    expect(freezes).toBe(2);
  });

  // cardopenapi.md: "card_list.status int 是 状态 1:未激活 2:已激活 3:已冻结 4:销卡中 5:已销卡 6:已挂失 7:已补卡".
  for (const [action, path, status, name] of [
    ["freeze", EP.cardFreeze.path, 6, "reported lost (6, shown as frozen)"],
    ["cancel", EP.cardCancel.path, 7, "replaced (7, shown as cancelled)"],
  ] as const) {
    it(`a refused repeat of a ${action} is not completed by a card ${name}: only the action's own status code is`, async () => {
      await h.admin("POST", `/cards/cardopenapi/${ACTIVE}/status`, { status });
      await h.faults({ failNext: 1, failStatus: 502 });
      await expect(p[action]({ customerOrderNo: `status-${status}`, cardId: ACTIVE })).rejects.toMatchObject({ code: "invalid_request" });
      expect(sent(path)).toBe(2);
      expect(sent(EP.cardDetail.path)).toBe(1);
    });
  }

  it("the refusal of a request sent once is the provider's answer to it, even with the card in the new status", async () => {
    await expect(p.freeze({ customerOrderNo: "once-frozen", cardId: FROZEN })).rejects.toMatchObject({ code: "invalid_request" });
    expect(sent(EP.cardFreeze.path)).toBe(1);
    expect(sent(EP.cardDetail.path)).toBe(0);
  });
});

// cardopenapi.md names 卡冻结, 卡解冻, 发起销卡 and 卡激活 without specifying them: nothing says they take effect at once.
describe("a success answer with the card not in the action's new status yet", () => {
  /** A provider that answers "success" with the card's status before the change (it carries the change out after). */
  const answersStatusBefore: FetchLike = async (input, init) => {
    const res = await globalThis.fetch(input, init);
    if (!new URL(input).pathname.endsWith(EP.cardFreeze.path)) return res;
    const body = (await res.json()) as { code: number; data: { status: number } };
    if (body.code === 0) body.data.status = 2;
    return Response.json(body);
  };

  it("is pending, for the card-state lookup that follows to settle, and that lookup reads the frozen card as done", async () => {
    const slow = createProvider(h.config(), { tokenCache: new TokenCache(), http: { fetch: answersStatusBefore, logger: silentLogger } });
    const order = await slow.freeze({ customerOrderNo: "answer-before", cardId: ACTIVE });
    expect(order).toMatchObject({ type: "freeze", status: "pending", providerStatus: "2", failureReason: null });
    expect(await slow.getOrder({ type: "freeze", cardId: ACTIVE, customerOrderNo: "answer-before" })).toMatchObject({ status: "completed", providerStatus: "3" });
  });

  it("the card-state lookup still reads a card that never reached the new status as not done", async () => {
    expect(await p.getOrder({ type: "freeze", cardId: ACTIVE, customerOrderNo: "never-sent" })).toMatchObject({ status: "failed", providerStatus: "2" });
  });
});
