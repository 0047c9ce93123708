"use client";

import { Snowflake, Sun } from "lucide-react";
import { Button } from "@/components/ui/button";
import { freezeCardAction } from "@/lib/actions/cards/freeze-card";
import { unfreezeCardAction } from "@/lib/actions/cards/unfreeze-card";
import type { CardAction } from "@/lib/cards/card-actions";
import type { CardModel } from "@/lib/providers/types";
import { ActivateCardButton } from "./activate-card-button";
import { HolderAddressDialog } from "./holder-address-dialog";
import { AmountDialog } from "./amount-dialog";
import { CancelCardDialog } from "./cancel-card-dialog";
import { EditCardDialog } from "./edit-card-dialog";
import { LimitsDialog } from "./limits-dialog";
import type { PersonOption, TeamOption } from "./people-fields";
import { ReassignDialog } from "./reassign-dialog";
import { useCardAction } from "./use-card-action";

type Fee = { amount: string; currency: string } | null;

export type CardActionsCard = {
  id: string;
  alias: string;
  tags: string[];
  cardModel: CardModel;
  currency: string;
  balance: bigint | null;
  limitPerTransaction: bigint | null;
  limitLifetime: bigint | null;
  limitUsed: bigint | null;
  ownerUserId: string | null;
  teamId: string | null;
};

type Props = {
  card: CardActionsCard;
  /** Exactly what availableCardActions allowed, computed on the server. */
  actions: CardAction[];
  providerLabel: string;
  fees: { cancel: Fee; topUp: Fee; withdraw: Fee };
  people: PersonOption[];
  teams: TeamOption[];
  /** While an order is open the provider is still working on the card: a second change waits. */
  busy: boolean;
  /** US states the provider accepts in a cardholder address (NobePay). */
  holderStates?: { code: string; name: string }[];
};

export function CardActionsBar({ card, actions, providerLabel, fees, people, teams, busy, holderStates }: Props) {
  const freeze = useCardAction("freeze", { reportFailures: true });
  const unfreeze = useCardAction("unfreeze", { reportFailures: true });
  const allowed = new Set(actions);
  if (allowed.size === 0) return null;

  return (
    <section aria-label="Card actions" className="grid gap-2">
      <div className="flex flex-wrap gap-2">
        {allowed.has("freeze") ? (
          <Button variant="outline" disabled={busy || freeze.pending} aria-busy={freeze.pending} onClick={() => freeze.run(() => freezeCardAction({ cardId: card.id }))}>
            <Snowflake aria-hidden /> {freeze.pending ? "Freezing…" : "Freeze card"}
          </Button>
        ) : null}
        {allowed.has("unfreeze") ? (
          <Button variant="outline" disabled={busy || unfreeze.pending} aria-busy={unfreeze.pending} onClick={() => unfreeze.run(() => unfreezeCardAction({ cardId: card.id }))}>
            <Sun aria-hidden /> {unfreeze.pending ? "Unfreezing…" : "Unfreeze card"}
          </Button>
        ) : null}
        {allowed.has("topUp") ? <AmountDialog disabled={busy} kind="topUp" cardId={card.id} currency={card.currency} balance={card.balance} fee={fees.topUp} providerLabel={providerLabel} /> : null}
        {allowed.has("withdraw") ? (
          <AmountDialog disabled={busy} kind="withdraw" cardId={card.id} currency={card.currency} balance={card.balance} fee={fees.withdraw} providerLabel={providerLabel} />
        ) : null}
        {allowed.has("setLimits") ? (
          <LimitsDialog disabled={busy} cardId={card.id} currency={card.currency} perTransaction={card.limitPerTransaction} lifetime={card.limitLifetime} used={card.limitUsed} />
        ) : null}
        {allowed.has("activate") ? <ActivateCardButton cardId={card.id} disabled={busy} /> : null}
        {allowed.has("updateAddress") ? <HolderAddressDialog cardId={card.id} providerLabel={providerLabel} states={holderStates ?? []} /> : null}
        {allowed.has("edit") ? <EditCardDialog cardId={card.id} alias={card.alias} tags={card.tags} /> : null}
        {allowed.has("reassign") ? <ReassignDialog cardId={card.id} ownerUserId={card.ownerUserId} teamId={card.teamId} people={people} teams={teams} /> : null}
        {allowed.has("cancel") ? (
          <CancelCardDialog
            disabled={busy}
            cardId={card.id}
            alias={card.alias}
            cardModel={card.cardModel}
            currency={card.currency}
            balance={card.balance}
            cancelFee={fees.cancel}
            providerLabel={providerLabel}
          />
        ) : null}
      </div>
      {busy ? <p className="text-muted-foreground text-xs">Other changes are available again once {providerLabel} has finished the request in progress.</p> : null}
    </section>
  );
}
