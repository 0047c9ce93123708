import { getDb } from "@/db/client";
import { readCardActivityStamp } from "@/db/queries/card-activity";
import { findCard } from "@/db/queries/card-updates";
import { getPollingUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { cardVersion } from "@/lib/cards/card-version";
import { uuidSchema } from "@/lib/validation/uuid";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };
const idSchema = uuidSchema();

/** A token that changes whenever anyone changes the card, its orders or its requests: open card pages poll it. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await getPollingUser();
  if (!user) return Response.json({ error: "unauthenticated" }, { status: 401, headers: NO_STORE });
  const id = idSchema.safeParse((await params).id);
  if (!id.success) return Response.json({ error: "not_found" }, { status: 404, headers: NO_STORE });
  const db = getDb();
  const activity = await readCardActivityStamp(db, id.data);
  const card = await findCard(db, id.data);
  // Not found for a card outside the user's reach, as for one that does not exist: a poll confirms no card's id.
  if (!card || card.organizationId !== user.organizationId || !can(user, "card.view", card)) return Response.json({ error: "not_found" }, { status: 404, headers: NO_STORE });
  return Response.json({ version: cardVersion(card.updatedAt, activity) }, { headers: NO_STORE });
}
