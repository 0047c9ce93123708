import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { cards } from "@/db/schema/cards";
import { pickCardPage, type CardCursor, type CardListParams } from "./cards";

/**
 * The page an open cards list shows, picked again as the list picks it (its filters, sort and cursor, under the
 * viewer's visibility), with each card's stamp (updated_at, written with every change): what its version is made of.
 * The same statement as the list's first (cardPageQuery, on the index of its order), then the page's rows by primary key.
 */
export async function cardPageStamps(
  db: DbOrTx,
  params: CardListParams,
): Promise<{ rows: { id: string; updatedAt: Date }[]; nextCursor: CardCursor | null; previousCursor: CardCursor | null }> {
  const { ids, nextCursor, previousCursor } = await pickCardPage(db, params);
  const stamps = ids.length === 0 ? [] : await db.select({ id: cards.id, updatedAt: cards.updatedAt }).from(cards).where(inArray(cards.id, ids));
  const byId = new Map(stamps.map((row) => [row.id, row]));
  return { rows: ids.map((id) => byId.get(id)).filter((row) => row !== undefined), nextCursor, previousCursor };
}
