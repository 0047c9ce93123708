import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { organizationSettings } from "@/db/schema/settings";

export async function findStoredSettings(db: DbOrTx, organizationId: string): Promise<unknown> {
  const [row] = await db.select({ values: organizationSettings.values }).from(organizationSettings).where(eq(organizationSettings.organizationId, organizationId)).limit(1);
  return row?.values ?? null;
}

/** Locks the organisation's settings row (creating it when missing) so two admins' saves cannot interleave. */
export async function lockStoredSettings(db: DbOrTx, organizationId: string): Promise<unknown> {
  await db.insert(organizationSettings).values({ organizationId, values: {} }).onConflictDoNothing();
  const [row] = await db
    .select({ values: organizationSettings.values })
    .from(organizationSettings)
    .where(eq(organizationSettings.organizationId, organizationId))
    .for("update");
  return row?.values ?? {};
}

export async function writeStoredSettings(db: DbOrTx, params: { organizationId: string; values: Record<string, unknown>; userId: string | null }): Promise<void> {
  await db
    .insert(organizationSettings)
    .values({ organizationId: params.organizationId, values: params.values, updatedByUserId: params.userId })
    .onConflictDoUpdate({
      target: organizationSettings.organizationId,
      set: { values: params.values, updatedAt: new Date(), updatedByUserId: params.userId },
    });
}
