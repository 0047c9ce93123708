import { getDb } from "@/db/client";
import { findVisibleTransaction } from "@/db/queries/transactions";
import { findUnknownProviderCards } from "@/db/queries/unknown-provider-cards";
import { unlinkedCardRef } from "@/components/transactions/transaction-list-item";
import { toTransactionView } from "@/components/transactions/transaction-view";
import { getUsableUser } from "@/lib/auth/current-user";
import { visibilityFor } from "@/lib/auth/permissions";
import { uuidSchema } from "@/lib/validation/uuid";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };
const idSchema = uuidSchema();

/**
 * SECURITY: one answer for a transaction that does not exist, one of another organisation and one the viewer may not
 * see (and for an id that cannot exist), so the answer never tells whether an id is real.
 */
function notFound(): Response {
  return Response.json({ error: "not_found" }, { status: 404, headers: NO_STORE });
}

/** One transaction in full, for its detail drawer: only one the signed-in person's transaction list would show them. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const user = await getUsableUser();
  if (!user) return Response.json({ error: "unauthenticated" }, { status: 401, headers: NO_STORE });
  const visibility = visibilityFor(user, "transaction.view");
  if (!visibility) return Response.json({ error: "forbidden" }, { status: 403, headers: NO_STORE });
  const id = idSchema.safeParse((await params).id);
  if (!id.success) return notFound();
  const db = getDb();
  const row = await findVisibleTransaction(db, { id: id.data, organizationId: user.organizationId, visibility });
  if (!row) return notFound();
  const unlinked = unlinkedCardRef(row);
  const unknownCards = unlinked ? await findUnknownProviderCards(db, [unlinked]) : undefined;
  return Response.json(toTransactionView(row, user, unknownCards), { headers: NO_STORE });
}
