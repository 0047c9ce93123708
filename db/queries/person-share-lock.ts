import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema/users";

/**
 * Holds a person's users row FOR SHARE until the transaction ends, for a change that gives them something only an
 * active person may hold (a card). A deactivation locks the row FOR NO KEY UPDATE (lockUsers) before it writes it and
 * lists what they hold, so the two take turns: it waits for this transaction and then sees what it gave, or this waits
 * for the deactivation and then reads them inactive. Several givers share the lock and do not wait for each other.
 */
export async function lockPersonForShare(db: DbOrTx, params: { userId: string; organizationId: string }): Promise<{ active: boolean } | null> {
  const [row] = await db
    .select({ active: users.active })
    .from(users)
    .where(and(eq(users.id, params.userId), eq(users.organizationId, params.organizationId)))
    .for("share");
  return row ?? null;
}
