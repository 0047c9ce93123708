import { afterEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "./server";
import { admin, cardopenapiPost, getJson, startTestSandbox } from "./test-support/clients";

let sandbox: RunningSandbox;
afterEach(() => sandbox?.close());

const ACTIVE = "5f1d0c9e8b7a6f5e4d3c2b1a00000001";

const cardStatus = async (cardId: string) => ((await getJson(await cardopenapiPost(sandbox.url, "/card/cardDetail", { card_id: cardId }))).data as { status: number }).status;

describe('the "lost" fault: the request is carried out, its answer is lost on the way back', () => {
  it("runs the request, answers the gateway page of failStatus instead of its answer, then recovers", async () => {
    sandbox = await startTestSandbox();
    expect((await admin(sandbox.url, "/faults", { provider: "cardopenapi", failNext: 1, failMode: "lost", failStatus: 502 })).status).toBe(200);
    const lost = await cardopenapiPost(sandbox.url, "/card/cardFreeze", { card_id: ACTIVE });
    expect(lost.status).toBe(502);
    expect(lost.headers.get("content-type")).toContain("text/html");
    expect(await lost.text()).toContain("502 Bad Gateway");
    // Carried out all the same: the card is frozen (3), and a repeat is refused for it.
    expect(await cardStatus(ACTIVE)).toBe(3);
    expect(await getJson(await cardopenapiPost(sandbox.url, "/card/cardFreeze", { card_id: ACTIVE }))).toMatchObject({ code: 10005 });
  });

  it("is refused as a failMode with the others named", async () => {
    sandbox = await startTestSandbox();
    const bad = await admin(sandbox.url, "/faults", { provider: "cardopenapi", failMode: "gone" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'failMode must be "status", "hang", "malformed" or "lost"' });
  });
});
