import { syncAllCards } from "@/lib/cards/sync-account-cards";
import type { JobDefinition } from "./job";

export const SYNC_CARDS = "cards.sync";

export const syncCardsJob: JobDefinition = {
  name: SYNC_CARDS,
  schedule: "*/5 * * * *",
  run: async (_data, db) => {
    await syncAllCards(db);
  },
};
