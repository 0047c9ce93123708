import type PgBoss from "pg-boss";
import { createBoss } from "./boss";

const globalForQueue = globalThis as unknown as { __cardhubQueue?: Promise<PgBoss> };

/**
 * A send-only pg-boss for the web process: it schedules nothing and supervises nothing (the worker does), it only
 * puts jobs on the queue so the worker picks them up at once.
 */
function queue(): Promise<PgBoss> {
  if (!globalForQueue.__cardhubQueue) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const boss = createBoss(url, { supervise: false, schedule: false, migrate: false });
    globalForQueue.__cardhubQueue = boss.start().then(() => boss);
    globalForQueue.__cardhubQueue.catch(() => (globalForQueue.__cardhubQueue = undefined));
  }
  return globalForQueue.__cardhubQueue;
}

export async function enqueue(name: string, data: object, options: PgBoss.SendOptions = {}): Promise<void> {
  await (await queue()).send(name, data, options);
}

/** For a short-lived command (the accounts CLI): stops the send-only pg-boss, if one was started, so the process can end. */
export async function closeQueue(): Promise<void> {
  const started = globalForQueue.__cardhubQueue;
  globalForQueue.__cardhubQueue = undefined;
  const boss = await started?.catch(() => undefined);
  await boss?.stop({ graceful: false, wait: true });
}
