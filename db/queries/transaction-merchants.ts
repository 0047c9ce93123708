import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/**
 * Lists every merchant name of one organisation's transactions. The triggers keep the list on every write; this is
 * for loads that bypass triggers (the bench's bulk insert under session_replication_role = replica).
 */
export async function rebuildTransactionMerchants(db: DbOrTx, organizationId: string): Promise<void> {
  await db.execute(sql`
    insert into transaction_merchants (organization_id, merchant_name)
    select distinct organization_id, merchant_name from transactions
    where organization_id = ${organizationId} and merchant_name is not null
    on conflict do nothing`);
}
