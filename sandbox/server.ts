import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { ActivityGenerator } from "./activity";
import { currentCardSecrets, type CardSecret } from "./admin";
import type { SandboxConfig, SandboxContext } from "./context";
import { FaultRegistry } from "./faults";
import { Prng } from "./lib/prng";
import { Scheduler } from "./lib/scheduler";
import { route, type RouterDeps } from "./router";
import { WebhookDispatcher } from "./webhooks";
import { isNobepayTransactionOrder, type NobepayTransactionOrder } from "./nobepay/transaction-order";
import { WorldStore } from "./persistence";
import { seedWorld } from "./world";

export interface SandboxOptions {
  /** 0 picks a random free port. Default 4010. */
  port?: number;
  host?: string;
  cardepassVersion?: "v1" | "v2";
  /** Delay before orders (and NobePay card creation/cancel) complete. Default 1500. */
  orderDelayMs?: number;
  /** Cardepass expires_in. Default 3600. */
  tokenTtlSeconds?: number;
  /** NobePay expiresIn. Default 10800 (3 h). */
  nobepayTokenTtlSeconds?: number;
  /** Order of NobePay's card transaction lists (nobepay/transaction-order.ts). Default "document". */
  nobepayTransactionOrder?: NobepayTransactionOrder;
  /** 0/undefined: generator off. */
  activityIntervalMs?: number;
  /** Where NobePay transaction webhooks are POSTed. */
  webhookUrl?: string;
  /** First retry delay for webhooks (doubles each retry). Default 2000. */
  webhookRetryDelayMs?: number;
  /** PRNG seed for all generated data. Default 20250421. */
  seed?: number;
  quiet?: boolean;
  /** Folder for the persisted world (state.json). Unset: in memory only, seeded on every start. */
  stateDir?: string;
  /** With stateDir: forget any saved world and start seeded (a fresh database needs a fresh provider). */
  freshState?: boolean;
}

export interface RunningSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const config: SandboxConfig = {
    cardepassVersion: options.cardepassVersion ?? "v1",
    orderDelayMs: options.orderDelayMs ?? 1500,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    nobepayTokenTtlSeconds: options.nobepayTokenTtlSeconds ?? 10_800,
    nobepayTransactionOrder: options.nobepayTransactionOrder ?? "document",
    activityIntervalMs: options.activityIntervalMs ?? 0,
    webhookUrl: options.webhookUrl,
    webhookRetryDelayMs: options.webhookRetryDelayMs ?? 2000,
    seed: options.seed ?? 20_250_421,
    quiet: options.quiet ?? false,
  };
  const log = config.quiet ? () => {} : (line: string) => console.log(`[sandbox] ${line}`);
  const scheduler = new Scheduler();
  const ctx = {
    config,
    scheduler,
    faults: new FaultRegistry(new Prng(config.seed ^ 0x5eed)),
    webhooks: new WebhookDispatcher(config.webhookUrl, scheduler, config.webhookRetryDelayMs, log),
    nobepayTransactionOrder: config.nobepayTransactionOrder,
    log,
  } as SandboxContext;
  const store = options.stateDir ? new WorldStore(ctx, options.stateDir) : null;
  if (store && options.freshState) store.discard();
  if (!store?.load()) {
    seedWorld(ctx);
    store?.save();
  }
  scheduler.onRan = () => store?.markDirty();

  const activity = new ActivityGenerator(ctx);
  const hung = new Set<ServerResponse>();
  const retiredSecrets = new Map<string, CardSecret>();
  const deps: RouterDeps = {
    ctx,
    activity,
    hung,
    retiredSecrets,
    reset() {
      for (const secret of currentCardSecrets(ctx)) retiredSecrets.set(secret.cardNumber, secret);
      const interval = activity.intervalMs;
      scheduler.clear();
      for (const res of hung) res.destroy();
      ctx.faults.clear();
      ctx.webhooks.reset(config.webhookUrl);
      ctx.nobepayTransactionOrder = config.nobepayTransactionOrder;
      seedWorld(ctx);
      store?.save();
      activity.start(interval);
    },
  };

  const server = createServer((req, res) => {
    res.once("finish", () => store?.markDirty());
    route(deps, req, res).catch((e: unknown) => {
      log(`internal error on ${req.method} ${(req.url ?? "").split("?")[0]}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "sandbox internal error" }));
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  activity.start(config.activityIntervalMs);

  let closed = false;
  return {
    url: `http://${host}:${port}`,
    port,
    async close() {
      if (closed) return;
      closed = true;
      activity.halt();
      scheduler.clear();
      for (const res of hung) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store?.save();
    },
  };
}

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
  return n;
}

async function main(): Promise<void> {
  const version = process.env.SANDBOX_CARDEPASS_VERSION;
  if (version && version !== "v1" && version !== "v2") throw new Error("SANDBOX_CARDEPASS_VERSION must be v1 or v2");
  const order = process.env.SANDBOX_NOBEPAY_TRANSACTION_ORDER || undefined;
  if (order !== undefined && !isNobepayTransactionOrder(order)) throw new Error("SANDBOX_NOBEPAY_TRANSACTION_ORDER must be document or newest-first");
  const sandbox = await startSandbox({
    port: envInt("SANDBOX_PORT") ?? 4010,
    cardepassVersion: version as "v1" | "v2" | undefined,
    orderDelayMs: envInt("SANDBOX_ORDER_DELAY_MS"),
    tokenTtlSeconds: envInt("SANDBOX_TOKEN_TTL_SECONDS"),
    nobepayTransactionOrder: order,
    activityIntervalMs: envInt("SANDBOX_ACTIVITY_INTERVAL_MS") ?? 5000,
    webhookUrl: process.env.SANDBOX_WEBHOOK_URL || undefined,
    quiet: process.env.SANDBOX_QUIET === "1",
    stateDir: process.env.SANDBOX_STATE_DIR || undefined,
  });
  console.log(`[sandbox] provider sandbox listening on ${sandbox.url} (cardepass ${version ?? "v1"})`);
  const shutdown = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(`[sandbox] failed to start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
