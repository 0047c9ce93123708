import type { CardepassState } from "./cardepass/state";
import type { CardopenapiState } from "./cardopenapi/state";
import type { FaultRegistry } from "./faults";
import type { Prng } from "./lib/prng";
import type { Scheduler } from "./lib/scheduler";
import type { NobepayState } from "./nobepay/state";
import type { NobepayTransactionOrder } from "./nobepay/transaction-order";
import type { WebhookDispatcher } from "./webhooks";

export interface SandboxConfig {
  cardepassVersion: "v1" | "v2";
  orderDelayMs: number;
  tokenTtlSeconds: number;
  nobepayTokenTtlSeconds: number;
  nobepayTransactionOrder: NobepayTransactionOrder;
  activityIntervalMs: number;
  webhookUrl: string | undefined;
  webhookRetryDelayMs: number;
  seed: number;
  quiet: boolean;
}

/** Everything a request handler may touch. `rng` and the provider states are replaced on reset. */
export interface SandboxContext {
  config: SandboxConfig;
  rng: Prng;
  scheduler: Scheduler;
  faults: FaultRegistry;
  webhooks: WebhookDispatcher;
  cardNumbers: Set<string>;
  cardepass: CardepassState;
  nobepay: NobepayState;
  cardopenapi: CardopenapiState;
  /** How NobePay lists a card's transactions now: config's at the start and after a reset, else as the admin API set it. */
  nobepayTransactionOrder: NobepayTransactionOrder;
  log(line: string): void;
}
