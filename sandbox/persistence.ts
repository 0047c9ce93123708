/**
 * The sandbox's world survives a restart: a JSON snapshot in a data folder, written atomically (temp file + rename),
 * debounced after changes and flushed on close. Reset stays explicit (POST /_sandbox/reset). Work that was in flight
 * (pending orders, cards being created or cancelled) is scheduled again on load, so it completes as it would have.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { completeOrder as completeCardepassOrder, settleCancel } from "./cardepass/orders";
import { createCardepassState } from "./cardepass/state";
import { ORDER_STATUS, CARD_STATUS } from "./cardopenapi/inferred-endpoints";
import { completeOrder as completeCardopenapiOrder } from "./cardopenapi/orders";
import { finishCancel as finishCardopenapiCancel } from "./cardopenapi/routes";
import { createCardopenapiState } from "./cardopenapi/state";
import type { SandboxContext } from "./context";
import type { SandboxTxn } from "./ledger";
import { Prng } from "./lib/prng";
import { finishCancel as finishNobepayCancel, finishCreation } from "./nobepay/cards";
import { CREATE_PROGRESSION, createNobepayState } from "./nobepay/state";
import { wireWebhooks } from "./world";

const FORMAT = 1;
const FILE = "state.json";

type ProviderKey = "cardepass" | "nobepay" | "cardopenapi";
type SavedProvider = Record<string, unknown> & { ledger: { txns: SandboxTxn[]; seq: number } };
type Snapshot = { format: number; savedAt: string; rng: number; cardNumbers: string[] } & Record<ProviderKey, SavedProvider>;

const PROVIDERS: ProviderKey[] = ["cardepass", "nobepay", "cardopenapi"];

// Dates, Maps and Sets keep their types through JSON.
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  if (original instanceof Date) return { $date: original.toISOString() };
  if (original instanceof Map) return { $map: [...original.entries()] };
  if (original instanceof Set) return { $set: [...original.values()] };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.$date === "string" && Object.keys(v).length === 1) return new Date(v.$date);
    if (Array.isArray(v.$map) && Object.keys(v).length === 1) return new Map(v.$map as [unknown, unknown][]);
    if (Array.isArray(v.$set) && Object.keys(v).length === 1) return new Set(v.$set);
  }
  return value;
}

export function snapshotWorld(ctx: SandboxContext): string {
  const providers = Object.fromEntries(
    PROVIDERS.map((p) => {
      const { ledger, ...rest } = ctx[p] as unknown as Record<string, unknown> & { ledger: { snapshot(): unknown } };
      return [p, { ...rest, ledger: ledger.snapshot() }];
    }),
  );
  return JSON.stringify({ format: FORMAT, savedAt: new Date().toISOString(), rng: ctx.rng.position, cardNumbers: [...ctx.cardNumbers], ...providers }, replacer);
}

/** Rebuilds the world from a snapshot: fresh state objects (so ledgers and spend rules are wired), then the saved fields. */
export function restoreWorld(ctx: SandboxContext, text: string): void {
  const snap = JSON.parse(text, reviver) as Snapshot;
  if (snap.format !== FORMAT || !PROVIDERS.every((p) => snap[p]?.ledger)) throw new Error(`unsupported snapshot format ${String(snap.format)}`);
  ctx.rng = new Prng(ctx.config.seed);
  const scratch = new Set<string>();
  ctx.cardepass = createCardepassState(ctx.rng, scratch);
  ctx.nobepay = createNobepayState(ctx.rng, scratch);
  ctx.cardopenapi = createCardopenapiState(ctx.rng, scratch);
  for (const p of PROVIDERS) {
    const { ledger, ...fields } = snap[p];
    Object.assign(ctx[p], fields);
    ctx[p].ledger.restore(ledger);
  }
  ctx.cardNumbers = new Set(snap.cardNumbers);
  ctx.rng.position = snap.rng;
  wireWebhooks(ctx);
}

/** Schedules again whatever was still in flight when the snapshot was taken. */
export function resumeInFlight(ctx: SandboxContext): number {
  const delay = ctx.config.orderDelayMs;
  let resumed = 0;
  const later = (fn: () => void) => {
    resumed++;
    ctx.scheduler.after(delay, fn);
  };
  for (const order of ctx.cardepass.orders) {
    if (order.status === "pending") later(() => completeCardepassOrder(ctx, order));
    else if (order.settleStatus === "WaitTransfer") later(() => settleCancel(ctx, order));
  }
  for (const card of ctx.nobepay.cards) {
    if (CREATE_PROGRESSION.includes(card.status)) later(() => finishCreation(ctx, card));
    else if (card.status === "CANCELLING") later(() => finishNobepayCancel(ctx, card));
  }
  for (const order of ctx.cardopenapi.orders) if (order.status === ORDER_STATUS.processing) later(() => completeCardopenapiOrder(ctx, order));
  for (const card of ctx.cardopenapi.cards) if (card.status === CARD_STATUS.cancelling) later(() => finishCardopenapiCancel(ctx, card));
  return resumed;
}

export class WorldStore {
  private timer: NodeJS.Timeout | null = null;
  readonly file: string;

  constructor(
    private readonly ctx: SandboxContext,
    readonly dir: string,
    private readonly debounceMs = 250,
  ) {
    this.file = path.join(dir, FILE);
  }

  /** Restores the saved world; false when there is none. An unreadable file is kept aside, never silently lost. */
  load(): boolean {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch {
      return false;
    }
    try {
      restoreWorld(this.ctx, text);
    } catch (error) {
      const aside = `${this.file}.unreadable-${Date.now()}`;
      renameSync(this.file, aside);
      this.ctx.log(`saved state could not be read (${error instanceof Error ? error.message : String(error)}); kept as ${aside}, starting seeded`);
      return false;
    }
    const resumed = resumeInFlight(this.ctx);
    this.ctx.log(`continuing from ${this.file}${resumed ? ` (${resumed} operations in flight resumed)` : ""}`);
    return true;
  }

  /** Forgets the saved world (a fresh start: the e2e stack, a fresh database). */
  discard(): void {
    rmSync(this.file, { force: true });
  }

  /** Saves soon; many changes in a burst are one write. */
  markDirty(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.save(), this.debounceMs);
    this.timer.unref();
  }

  /** Writes now, atomically: a crash leaves either the previous file or the new one, never half of one. */
  save(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      mkdirSync(this.dir, { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, snapshotWorld(this.ctx));
      renameSync(temp, this.file);
    } catch (error) {
      this.ctx.log(`could not save state to ${this.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
