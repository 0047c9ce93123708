import { getDb } from "@/db/client";
import { cardPageStamps } from "@/db/queries/cards-version";
import { getPollingUser } from "@/lib/auth/current-user";
import { visibilityFor } from "@/lib/auth/permissions";
import { cardsListVersion } from "@/lib/cards/cards-list-version";
import { CARD_PAGE_SIZE, parseCardSearch } from "@/lib/cards/list-search";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * The cards list's version (lib/cards/cards-list-version.ts) for the page an open list shows, named by the list's own
 * query string (its filters, sort and cursor, as the page applied them): it polls to refresh itself. SECURITY: the
 * page is picked under the viewer's visibility, so a filter can only narrow what they may see; a parameter the list
 * would drop is dropped here too (parseCardSearch), and a balance sort without a currency (which the page never sends)
 * is refused rather than ranked across currencies.
 */
export async function GET(request: Request): Promise<Response> {
  const user = await getPollingUser();
  if (!user) return Response.json({ error: "unauthenticated" }, { status: 401, headers: NO_STORE });
  const visibility = visibilityFor(user, "card.view");
  if (!visibility) return Response.json({ error: "forbidden" }, { status: 403, headers: NO_STORE });
  const search = parseCardSearch(new URL(request.url).searchParams);
  if (search.sort.field === "balance" && !search.filters.currency) {
    return Response.json({ error: "balance_sort_needs_currency" }, { status: 400, headers: NO_STORE });
  }
  const page = await cardPageStamps(getDb(), {
    organizationId: user.organizationId,
    visibility,
    filters: search.filters,
    sort: search.sort,
    after: search.after,
    before: search.before,
    limit: CARD_PAGE_SIZE,
  });
  return Response.json({ version: cardsListVersion(page) }, { headers: NO_STORE });
}
