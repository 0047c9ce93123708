import { CARD_SYNC_RUN_BUDGET_MS, syncAllCards } from "@/lib/cards/sync-account-cards";
import { MAX_RETRY_BUDGET_MS, MAX_TIMEOUT_MS } from "@/lib/providers/config";
import type { JobDefinition } from "./job";
import { queueStatementsRead } from "./sync-statements-job";

export const SYNC_CARDS = "cards.sync";

/** The longest one card read may take: a token fetch and the request, each at the longest timeout and retry budget. */
const LONGEST_CARD_READ_MS = 2 * (MAX_TIMEOUT_MS + MAX_RETRY_BUDGET_MS);

export const syncCardsJob: JobDefinition = {
  name: SYNC_CARDS,
  schedule: "*/5 * * * *",
  // Past its expiry pg-boss fails a job and hands it out again while its handler still runs. A run starts no read
  // after its budget, so it ends within the budget and the read under way then, plus a minute for the database.
  expireInSeconds: Math.ceil((CARD_SYNC_RUN_BUDGET_MS + LONGEST_CARD_READ_MS) / 1000) + 60,
  run: async (_data, db) => {
    const summary = await syncAllCards(db);
    // A card seen for the first time has a statement: read it now, not at the next quarter hour. At worker start the
    // statements read runs beside this import and finds no cards yet (NobePay keeps its statements per card).
    if (summary.imported > 0) await queueStatementsRead();
  },
};
