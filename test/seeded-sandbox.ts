import { afterAll, beforeAll } from "vitest";
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { syncAllCards } from "@/lib/cards/sync-account-cards";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";

/**
 * Gives the calling test file a provider sandbox of its own on a free port, the demo seeded against it and every
 * account's cards synced once (unless `syncCards: false`); the sandbox is closed after the file. Call it after withTestDatabase. Returns a getter
 * because the sandbox exists only once beforeAll ran.
 */
export function withSeededSandbox(db: () => Db, options: { syncCards?: boolean } = {}): () => RunningSandbox {
  let sandbox: RunningSandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true, orderDelayMs: 30 });
    await seedDemo(db(), { sandboxUrl: sandbox.url });
    if (options.syncCards !== false) await syncAllCards(db());
  }, 120_000);
  afterAll(async () => {
    await sandbox?.close();
  });
  return () => {
    if (!sandbox) throw new Error("the sandbox is started in beforeAll");
    return sandbox;
  };
}
