import { getDb } from "@/db/client";
import { transactionsVersion } from "@/db/queries/transactions";
import { getPollingUser } from "@/lib/auth/current-user";
import { visibilityFor } from "@/lib/auth/permissions";
import { uuidSchema } from "@/lib/validation/uuid";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };
const cardSchema = uuidSchema().optional();

/** A token that changes when any transaction the user may see is written: open pages poll it to refresh themselves. */
export async function GET(request: Request): Promise<Response> {
  const user = await getPollingUser();
  if (!user) return Response.json({ error: "unauthenticated" }, { status: 401, headers: NO_STORE });
  const visibility = visibilityFor(user, "transaction.view");
  if (!visibility) return Response.json({ error: "forbidden" }, { status: 403, headers: NO_STORE });
  const card = cardSchema.safeParse(new URL(request.url).searchParams.get("card") ?? undefined);
  if (!card.success) return Response.json({ error: "invalid_card" }, { status: 400, headers: NO_STORE });
  const version = await transactionsVersion(getDb(), {
    organizationId: user.organizationId,
    visibility,
    cardId: card.data,
  });
  return Response.json({ version }, { headers: NO_STORE });
}
