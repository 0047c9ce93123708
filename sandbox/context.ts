import type { CardepassState } from "./cardepass/state";
import type { CardopenapiState } from "./cardopenapi/state";
import type { FaultRegistry } from "./faults";
import type { Prng } from "./lib/prng";
import type { Scheduler } from "./lib/scheduler";
import type { NobepayState } from "./nobepay/state";
import type { WebhookDispatcher } from "./webhooks";

export interface SandboxConfig {
  cardepassVersion: "v1" | "v2";
  orderDelayMs: number;
  tokenTtlSeconds: number;
  nobepayTokenTtlSeconds: number;
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
  log(line: string): void;
}
