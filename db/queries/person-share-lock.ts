import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema/users";

/**
 * Holds a person's users row FOR SHARE until the transaction ends and returns it as it is under that lock (null when
 * no such person, or none in `organizationId` when given). Taken by a change that gives them something only an active
 * person may hold (a card: lib/cards/card-holder.ts) and by a sign-in against their credentials as they now are
 * (lockSignInCredentials). A change to the row (a deactivation, which locks it FOR NO KEY UPDATE with lockUsers before
 * it writes it and lists what they hold; a password or two-factor reset) and this take turns: it waits for this
 * transaction and then sees what it gave, or this waits for it and then reads the row as it left it. Several holders of
 * the share lock do not wait for each other.
 */
export async function lockPersonForShare(db: DbOrTx, params: { userId: string; organizationId?: string }): Promise<typeof users.$inferSelect | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(params.organizationId === undefined ? eq(users.id, params.userId) : and(eq(users.id, params.userId), eq(users.organizationId, params.organizationId)))
    .for("share");
  return row ?? null;
}
