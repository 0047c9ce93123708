import type { SandboxContext } from "../context";
import { str } from "../lib/http";
import { generateCardNumber } from "../lib/luhn";
import { parseCents } from "../lib/money";
import { nbFail, nbOk } from "./envelope";
import { CREATE_PROGRESSION, ensureTag, nbBalance, type NbAddress, type NbCard, type NobepayState } from "./state";
import { cardObject, holderObject } from "./views";
import type { WireResponse } from "../lib/http";

type Body = Record<string, unknown>;

function readAddress(value: unknown, needCountry: boolean): NbAddress | string {
  if (!value || typeof value !== "object") return "address";
  const a = value as Record<string, unknown>;
  const fields = ["street", "city", "state", "zipCode", ...(needCountry ? ["country"] : [])];
  for (const f of fields) if (typeof a[f] !== "string" || !a[f]) return `address.${f}`;
  return { street: String(a.street), city: String(a.city), state: String(a.state), country: String(a.country ?? "US"), zipCode: String(a.zipCode) };
}

function findCard(state: NobepayState, body: Body): NbCard | undefined {
  return state.cards.find((c) => c.cardId === body.cardId);
}

/** POST card/create: answers INIT at once, then walks the documented progression asynchronously. */
export function createCard(ctx: SandboxContext, body: Body): WireResponse {
  const state = ctx.nobepay;
  const segment = state.segments.find((s) => s.vid === body.vid);
  if (typeof body.vid !== "string") return nbFail("badParam", "vid");
  if (!segment) return nbFail("segmentNotFound", body.vid);
  const holder = body.cardHolder as Record<string, unknown> | undefined;
  if (!holder || typeof holder.firstName !== "string" || typeof holder.lastName !== "string") {
    return nbFail("badParam", "cardHolder.firstName, cardHolder.lastName");
  }
  // The example nests address inside cardHolder; the table puts it at the top level. Accept both.
  const address = readAddress(holder.address ?? body.address, true);
  if (typeof address === "string") return nbFail("badParam", address);
  const deposit = parseCents(body.deposit);
  if (deposit === null || deposit <= 0) return nbFail("badParam", "deposit must be a positive integer in cents");
  if (body.payCurrency !== "USD") return nbFail("badParam", 'payCurrency must be "USD"');
  const tags = Array.isArray(body.tagNameList) ? body.tagNameList.filter((t): t is string => typeof t === "string") : [];

  const now = Date.now();
  const fails = deposit < segment.minDepositCents || segment.balanceCents < deposit;
  if (!fails) segment.balanceCents -= deposit;
  const card: NbCard = {
    cardId: `c_${ctx.rng.hex(20)}`,
    vid: segment.vid,
    cardHolderId: `ch_${ctx.rng.hex(12)}`,
    customerId: str(body.customerId) ?? "",
    cardSeqNo: `C${ctx.rng.alnumUpper(8)}`,
    firstName: holder.firstName,
    lastName: holder.lastName,
    address,
    depositCents: deposit,
    consumeCents: 0,
    withdrawnCents: 0,
    number: generateCardNumber(ctx.rng, segment.cardBin, 16, ctx.cardNumbers),
    cvc: ctx.rng.digits(3),
    expYear: new Date(now).getUTCFullYear() + 3,
    expMonth: new Date(now).getUTCMonth() + 1,
    status: "INIT",
    gmtCreate: now,
    tags,
    failsCreation: fails,
  };
  state.cards.push(card);
  for (const tag of tags) ensureTag(state, tag, now);
  const response = nbOk({ cardHolder: holderObject(card), card: cardObject(state, card, "create"), tags });
  scheduleProgression(ctx, card);
  return response;
}

function scheduleProgression(ctx: SandboxContext, card: NbCard): void {
  const step = ctx.config.orderDelayMs / CREATE_PROGRESSION.length;
  CREATE_PROGRESSION.forEach((status, i) => {
    if (i === 0) return;
    ctx.scheduler.after(step * i, () => {
      if (!card.failsCreation || i < 2) card.status = status;
    });
  });
  ctx.scheduler.after(ctx.config.orderDelayMs, () => finishCreation(ctx, card));
}

/** End of card/create's progression: ACTIVE, or CREATE_CARD_FAILED_REFUND. */
export function finishCreation(ctx: SandboxContext, card: NbCard): void {
  if (!CREATE_PROGRESSION.includes(card.status)) return;
  if (card.failsCreation) {
    // Full refund (创建卡失败全额退款): the deposit was never taken from the segment; it is refunded, not un-deposited.
    card.status = "CREATE_CARD_FAILED_REFUND";
    card.withdrawnCents = card.depositCents - card.consumeCents;
    return;
  }
  card.status = "ACTIVE";
  ctx.nobepay.orders.push({ cardId: card.cardId, type: "CREATE_CARD", amountCents: card.depositCents, tradeAt: Date.now() });
}

export function depositCard(ctx: SandboxContext, body: Body): WireResponse {
  const card = findCard(ctx.nobepay, body);
  if (!card) return nbFail("cardNotFound");
  const amount = parseCents(body.amount);
  if (amount === null || amount <= 0) return nbFail("badParam", "amount must be a positive integer in cents");
  if (body.payCurrency !== "USD") return nbFail("badParam", 'payCurrency must be "USD"');
  if (card.status !== "ACTIVE") return nbFail("cardStatus", card.status);
  const segment = ctx.nobepay.segments.find((s) => s.vid === card.vid);
  if (!segment || segment.balanceCents < amount) return nbFail("balanceNotEnough");
  segment.balanceCents -= amount;
  card.depositCents += amount;
  ctx.nobepay.orders.push({ cardId: card.cardId, type: "TOPUP_CARD", amountCents: amount, tradeAt: Date.now() });
  return nbOk(true);
}

export function withdrawCard(ctx: SandboxContext, body: Body): WireResponse {
  const card = findCard(ctx.nobepay, body);
  if (!card) return nbFail("cardNotFound");
  const amount = parseCents(body.amount);
  if (amount === null || amount <= 0) return nbFail("badParam", "amount must be a positive integer in cents");
  if (card.status !== "ACTIVE") return nbFail("cardStatus", card.status);
  if (nbBalance(card) < amount) return nbFail("balanceNotEnough");
  card.withdrawnCents += amount;
  const segment = ctx.nobepay.segments.find((s) => s.vid === card.vid);
  if (segment) segment.balanceCents += amount;
  ctx.nobepay.orders.push({ cardId: card.cardId, type: "WITHDRAW_CARD", amountCents: amount, tradeAt: Date.now() });
  return nbOk(true);
}

export function updateCard(ctx: SandboxContext, body: Body): WireResponse {
  const card = findCard(ctx.nobepay, body);
  if (!card) return nbFail("cardNotFound");
  const holder = body.cardHolder as Record<string, unknown> | undefined;
  const address = readAddress(holder?.address ?? body.address, false);
  if (typeof address === "string") return nbFail("badParam", `cardHolder.${address}`);
  card.address = { ...address, country: card.address.country };
  return nbOk(true);
}

/** POST card/cancel: CANCELLING at once, CANCELED after the delay with the balance returned. */
export function cancelCard(ctx: SandboxContext, body: Body): WireResponse {
  const card = findCard(ctx.nobepay, body);
  if (!card) return nbFail("cardNotFound");
  if (typeof body.cardSeqNo !== "string" || body.cardSeqNo !== card.cardSeqNo) return nbFail("badParam", "cardSeqNo");
  if (card.status !== "ACTIVE" && card.status !== "FREEZE") return nbFail("cardStatus", card.status);
  card.status = "CANCELLING";
  ctx.scheduler.after(ctx.config.orderDelayMs, () => finishCancel(ctx, card));
  return nbOk(true);
}

/** CANCELLING → CANCELED with the balance returned to the segment. */
export function finishCancel(ctx: SandboxContext, card: NbCard): void {
  if (card.status !== "CANCELLING") return;
  const remaining = Math.max(0, nbBalance(card));
  card.withdrawnCents += remaining;
  const segment = ctx.nobepay.segments.find((s) => s.vid === card.vid);
  if (segment) segment.balanceCents += remaining;
  card.status = "CANCELED";
  ctx.nobepay.orders.push({ cardId: card.cardId, type: "CANCEL_CARD", amountCents: remaining, tradeAt: Date.now() });
}
