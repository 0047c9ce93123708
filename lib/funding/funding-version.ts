import type { DbOrTx } from "@/db/client";
import { fundingVersion } from "@/db/queries/funding";
import { CARDS_SYNC } from "@/lib/cards/sync-account-cards";

/** The syncs whose health /funding shows beside the balances: the page and its poll read the same token. */
export function fundingPageVersion(db: DbOrTx, organizationId: string): Promise<string> {
  return fundingVersion(db, { organizationId, syncKinds: ["funding", CARDS_SYNC] });
}
