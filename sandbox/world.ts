import { seedHistory } from "./activity";
import { createCardepassState } from "./cardepass/state";
import { createCardopenapiState } from "./cardopenapi/state";
import type { SandboxContext } from "./context";
import { Prng } from "./lib/prng";
import { createNobepayState } from "./nobepay/state";
import { webhookEvent } from "./nobepay/views";

/** (Re)builds the seeded starting state: same seed, same data, every time. */
export function seedWorld(ctx: SandboxContext): void {
  ctx.rng = new Prng(ctx.config.seed);
  ctx.cardNumbers = new Set();
  ctx.cardepass = createCardepassState(ctx.rng, ctx.cardNumbers);
  ctx.nobepay = createNobepayState(ctx.rng, ctx.cardNumbers);
  ctx.cardopenapi = createCardopenapiState(ctx.rng, ctx.cardNumbers);
  seedHistory(ctx);
  // Webhooks are wired only after the seeded history, so a start does not replay old events.
  wireWebhooks(ctx);
}

/** Every NobePay transaction change from now on is sent as a webhook. */
export function wireWebhooks(ctx: SandboxContext): void {
  ctx.nobepay.ledger.onChange = (txn) => {
    const eventId = `ev_${ctx.rng.hex(21)}`;
    ctx.webhooks.send(eventId, webhookEvent(ctx.nobepay, txn, eventId));
  };
}
