import type { Metadata } from "next";
import { z } from "zod";
import { PageHeader } from "@/components/layout/page-header";
import { NewRequestForm } from "@/components/requests/new-request-form";
import { cardsForKind } from "@/components/requests/new-request-cards";
import type { RequestableCard } from "@/components/requests/new-request-types";
import { Alert } from "@/components/ui/alert";
import { getDb } from "@/db/client";
import { listCards } from "@/db/queries/cards";
import { listProducts } from "@/db/queries/products";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { listOpenRequestsForCards } from "@/db/queries/requests";
import { REQUEST_KINDS } from "@/db/schema/requests";
import { requirePermission } from "@/lib/auth/current-user";
import { offeredProducts } from "@/lib/products/offered-products";
import { requestableProducts } from "@/lib/cards/requestable-products";
import { CARD_REQUEST_KINDS, kindsCardCanTake, type CardRequestKind } from "@/lib/requests/card-takes-request";
import { whyNoCardTakes } from "@/lib/requests/why-no-card-takes";
import { uuidSchema } from "@/lib/validation/uuid";

export const metadata: Metadata = { title: "New request" };

const query = z.object({ kind: z.enum(REQUEST_KINDS).optional().catch(undefined), cardId: uuidSchema().optional().catch(undefined) });

export default async function NewRequestPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission("card.request");
  const db = getDb();
  const initial = query.parse(await searchParams);
  const [ownCards, accounts, products] = await Promise.all([
    listCards(db, { organizationId: user.organizationId, visibility: { all: false, ownerUserId: user.id, teamIds: [] }, filters: { ownerUserId: user.id }, sort: { field: "created", direction: "desc" }, limit: 100 }),
    listProviderAccounts(db, { organizationId: user.organizationId, activeOnly: true }),
    listProducts(db, { organizationId: user.organizationId }),
  ]);
  // A card's open requests, by kind: the form shows it as already requested for those (filing refuses a second).
  const openRequests = await listOpenRequestsForCards(db, ownCards.rows.map((card) => card.id));
  // What each own card could be asked for, by filing's own rule (kindsCardCanTake: known to its provider, account
  // enabled, its state and its provider's capabilities); the server checks again. A card that can take nothing is left out.
  const weighed = ownCards.rows.map((card) => ({ ...card, organizationId: user.organizationId }));
  const cards: RequestableCard[] = weighed
    .map((card) => ({
      id: card.id,
      alias: card.alias,
      last4: card.last4,
      currency: card.currency,
      cardModel: card.cardModel,
      status: card.status,
      balance: card.balance,
      limitPerTransaction: card.limitPerTransaction,
      limitLifetime: card.limitLifetime,
      kinds: kindsCardCanTake(card),
      openRequests: openRequests.get(card.id) ?? {},
    }))
    .filter((card) => card.kinds.length > 0);
  // Said under each kind none of them can take, so the person knows why it is not offered.
  const unavailable = Object.fromEntries(
    CARD_REQUEST_KINDS.map((kind) => [kind, whyNoCardTakes(kind, weighed)] as const).filter((entry): entry is readonly [CardRequestKind, string] => entry[1] !== null),
  );
  // A card named in the address is chosen only if it may be asked for that kind (a stale link may name one already requested).
  const choosable = (cardId: string) =>
    initial.kind && initial.kind !== "new_card" ? cardsForKind(cards, initial.kind).some((entry) => entry.card.id === cardId && entry.openRequestId === null) : cards.some((card) => card.id === cardId);
  const offered = requestableProducts(offeredProducts(products, { viewer: user }), accounts);
  const noTeam = user.teamIds.length === 0;
  // Finance may file for someone else (routed through that person's team); anyone else has nothing to file without a team.
  const onBehalf = user.roles.includes("finance") ? { selfId: user.id } : null;

  return (
    <>
      <PageHeader title="New request" description="Your team's manager approves it, and finance too from the policy's threshold; then it is carried out by itself." />
      <div className="grid max-w-3xl gap-4">
        {noTeam ? (
          <Alert>
            <p>
              You belong to no team yet, so there is nobody to route your own request to. Ask an administrator to add you to one
              {onBehalf ? "; you can still file a request for someone else below." : "."}
            </p>
          </Alert>
        ) : null}
        {noTeam && !onBehalf ? null : (
          <NewRequestForm
            cards={cards}
            unavailable={unavailable}
            accounts={accounts.map(({ id, label, provider }) => ({ id, label, provider }))}
            products={offered}
            onBehalf={onBehalf}
            initial={{ kind: initial.kind ?? "", cardId: initial.cardId && choosable(initial.cardId) ? initial.cardId : "" }}
          />
        )}
      </div>
    </>
  );
}
