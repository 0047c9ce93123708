import type { DbOrTx } from "@/db/client";
import { organizations } from "@/db/schema/organizations";

/** Any one organisation of the installation, or null when it has none yet. */
export async function findAnyOrganization(db: DbOrTx): Promise<{ id: string; name: string } | null> {
  const [row] = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .limit(1);
  return row ?? null;
}

/** Whether the installation holds more than one organisation (reads at most two rows of the primary key). */
export async function hasSeveralOrganizations(db: DbOrTx): Promise<boolean> {
  const rows = await db.select({ id: organizations.id }).from(organizations).orderBy(organizations.id).limit(2);
  return rows.length > 1;
}

/** A new organisation: only its row. Its settings and approval policies are the defaults until an admin saves some. */
export async function insertOrganization(db: DbOrTx, params: { name: string }): Promise<string> {
  const [row] = await db
    .insert(organizations)
    .values({ name: params.name })
    .returning({ id: organizations.id });
  return row!.id;
}
