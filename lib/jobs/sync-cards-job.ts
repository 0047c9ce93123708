import { syncAllCards } from "@/lib/cards/sync-account-cards";
import type { JobDefinition } from "./job";
import { queueStatementsRead } from "./sync-statements-job";

export const SYNC_CARDS = "cards.sync";

export const syncCardsJob: JobDefinition = {
  name: SYNC_CARDS,
  schedule: "*/5 * * * *",
  run: async (_data, db) => {
    const summary = await syncAllCards(db);
    // A card seen for the first time has a statement: read it now, not at the next quarter hour. At worker start the
    // statements read runs beside this import and finds no cards yet (NobePay keeps its statements per card).
    if (summary.imported > 0) await queueStatementsRead();
  },
};
