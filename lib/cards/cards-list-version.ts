import { createHash } from "node:crypto";
import type { CardCursor } from "@/db/queries/cards";

/**
 * The cards list's version, which an open list polls to re-render when what it shows would change: a card it shows
 * changed (a top-up, a freeze, a sync that read a new balance), left its filters or the viewer's sight, or a card came
 * to belong on the page (issued, or frozen elsewhere while the list shows "Frozen"; a balance that moves it up the
 * ranking), or a page appeared or went either side of it. Made of the page's cards in order with their stamps
 * (updated_at): the page computes it from the rows it rendered, the poll (app/api/cards/version) from the same page
 * picked again (cardPageStamps), so both sides are the same function of the same query.
 */
export function cardsListVersion(page: { rows: readonly { id: string; updatedAt: Date }[]; nextCursor: CardCursor | null; previousCursor: CardCursor | null }): string {
  const hash = createHash("sha256");
  for (const row of page.rows) hash.update(`${row.id}:${row.updatedAt.getTime()};`);
  hash.update(`${page.nextCursor !== null}|${page.previousCursor !== null}`);
  return hash.digest("base64url").slice(0, 22);
}
