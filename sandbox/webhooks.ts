import type { Scheduler } from "./lib/scheduler";

export interface WebhookDelivery {
  eventId: string;
  url: string;
  attempts: { at: string; status: number | null; error: string | null }[];
  delivered: boolean;
  gaveUp: boolean;
}

/** NobePay: "a non-200 answer is retried 5 times", so at most 1 + 5 attempts. */
export const WEBHOOK_RETRIES = 5;

export class WebhookDispatcher {
  readonly deliveries: WebhookDelivery[] = [];
  url: string | null;

  constructor(
    initialUrl: string | undefined,
    private readonly scheduler: Scheduler,
    private readonly retryDelayMs: number,
    private readonly log: (line: string) => void,
  ) {
    this.url = initialUrl ?? null;
  }

  /** Queues one event for delivery to the current target; does nothing without a target. */
  send(eventId: string, payload: unknown): void {
    if (!this.url) return;
    const delivery: WebhookDelivery = { eventId, url: this.url, attempts: [], delivered: false, gaveUp: false };
    this.deliveries.push(delivery);
    if (this.deliveries.length > 1000) this.deliveries.shift();
    void this.attempt(delivery, JSON.stringify(payload));
  }

  reset(url: string | undefined): void {
    this.deliveries.length = 0;
    this.url = url ?? null;
  }

  private async attempt(delivery: WebhookDelivery, body: string): Promise<void> {
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(delivery.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    delivery.attempts.push({ at: new Date().toISOString(), status, error });
    if (status === 200) {
      delivery.delivered = true;
      return;
    }
    if (delivery.attempts.length > WEBHOOK_RETRIES) {
      delivery.gaveUp = true;
      this.log(`webhook ${delivery.eventId} gave up after ${delivery.attempts.length} attempts`);
      return;
    }
    const backoff = this.retryDelayMs * 2 ** (delivery.attempts.length - 1);
    this.scheduler.after(backoff, () => void this.attempt(delivery, body));
  }
}
