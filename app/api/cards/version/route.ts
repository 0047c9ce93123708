import { z } from "zod";
import { getDb } from "@/db/client";
import { newestVisibleCardCreatedAt, visibleCardStamps } from "@/db/queries/cards-version";
import { getPollingUser } from "@/lib/auth/current-user";
import { visibilityFor } from "@/lib/auth/permissions";
import { cardsListVersion } from "@/lib/cards/cards-list-version";
import { CARD_PAGE_SIZE } from "@/lib/cards/list-search";
import { uuidSchema } from "@/lib/validation/uuid";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };
// The ids of the cards an open list shows: one page of them.
const idsSchema = z
  .string()
  .transform((value) => (value === "" ? [] : value.split(",")))
  .pipe(z.array(uuidSchema()).max(CARD_PAGE_SIZE, `At most ${CARD_PAGE_SIZE} cards, one page.`));

/** The cards list's version (lib/cards/cards-list-version.ts) for the cards an open list shows: it polls to refresh itself. */
export async function GET(request: Request): Promise<Response> {
  const user = await getPollingUser();
  if (!user) return Response.json({ error: "unauthenticated" }, { status: 401, headers: NO_STORE });
  const visibility = visibilityFor(user, "card.view");
  if (!visibility) return Response.json({ error: "forbidden" }, { status: 403, headers: NO_STORE });
  const ids = idsSchema.safeParse(new URL(request.url).searchParams.get("ids") ?? "");
  if (!ids.success) return Response.json({ error: "invalid_ids" }, { status: 400, headers: NO_STORE });
  const db = getDb();
  const params = { organizationId: user.organizationId, visibility };
  const [newest, shown] = await Promise.all([newestVisibleCardCreatedAt(db, params), visibleCardStamps(db, { ...params, cardIds: ids.data })]);
  return Response.json({ version: cardsListVersion(newest, shown) }, { headers: NO_STORE });
}
