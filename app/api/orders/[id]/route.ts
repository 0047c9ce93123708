import { getDb } from "@/db/client";
import { findCard } from "@/db/queries/card-updates";
import { findOrder } from "@/db/queries/provider-orders";
import { getPollingUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { formatAmount, moneyFromMinor } from "@/lib/money";
import { uuidSchema } from "@/lib/validation/uuid";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };
const idSchema = uuidSchema();

/** The live state of one order, for the page that started it to poll. Nothing secret is in an order. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await getPollingUser();
  if (!user) return Response.json({ error: "unauthenticated" }, { status: 401, headers: NO_STORE });
  const id = idSchema.safeParse((await params).id);
  if (!id.success) return Response.json({ error: "not_found" }, { status: 404, headers: NO_STORE });
  const db = getDb();
  const order = await findOrder(db, id.data);
  const card = order?.cardId ? await findCard(db, order.cardId) : null;
  if (!order || !card || !can(user, "card.view", card)) return Response.json({ error: "not_found" }, { status: 404, headers: NO_STORE });
  const money = (minor: bigint | null, currency: string | null) => (minor === null || !currency ? null : formatAmount(moneyFromMinor(minor, currency)));
  return Response.json(
    {
      id: order.id,
      type: order.type,
      status: order.status,
      failureMessage: order.status === "failed" || order.status === "needs_review" ? order.failureMessage : null,
      retrying: order.status === "created" && order.attempts > 0,
      cardId: order.cardId,
      amount: money(order.amount, order.currency),
      currency: order.currency,
      // MONEY: the fee in the currency it was charged in, which may not be the order's.
      fee: money(order.fee, order.feeCurrency),
      feeCurrency: order.feeCurrency,
      updatedAt: order.updatedAt.toISOString(),
    },
    { headers: NO_STORE },
  );
}
