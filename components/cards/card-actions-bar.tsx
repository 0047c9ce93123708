"use client";

import { Button } from "@/components/ui/button";
import { unfreezeCardAction } from "@/lib/actions/cards/unfreeze-card";
import type { CardAction } from "@/lib/cards/card-actions";
import type { FeeRule } from "@/lib/fees/product-fees";
import type { PayingBalance } from "@/lib/funding/paying-balance";
import type { CardModel, ProviderName } from "@/lib/providers/types";
import { ActivateCardButton } from "./activate-card-button";
import type { CardActionIcons } from "./card-action-icons";
import { DeferredDialog } from "@/components/layout/deferred-dialog";
import type { PersonChoice } from "@/components/people/person-choice";
import type { TeamOption } from "./people-fields";
import { useCardAction } from "./use-card-action";

// Each dialog's code loads when its button is first used (components/layout/deferred-dialog.tsx).
const loadAmountDialog = () => import("./amount-dialog").then((module) => module.AmountDialog);
const loadLimitsDialog = () => import("./limits-dialog").then((module) => module.LimitsDialog);
const loadEditDialog = () => import("./edit-card-dialog").then((module) => module.EditCardDialog);
const loadReassignDialog = () => import("./reassign-dialog").then((module) => module.ReassignDialog);
const loadCancelDialog = () => import("./cancel-card-dialog").then((module) => module.CancelCardDialog);
const loadFreezeDialog = () => import("./freeze-card-dialog").then((module) => module.FreezeCardDialog);
const loadHolderAddressDialog = () => import("./holder-address-dialog").then((module) => module.HolderAddressDialog);

type Fee = FeeRule | null;

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
  /** The card page passes it: what the cancel dialog can promise about the balance depends on the provider's documents. */
  provider?: ProviderName;
};

type Props = {
  card: CardActionsCard;
  /** Exactly what availableCardActions allowed, computed on the server. */
  actions: CardAction[];
  providerLabel: string;
  fees: { cancel: Fee; topUp: Fee; withdraw: Fee };
  /** The funding balance a top-up is paid from, as last refreshed. */
  paying: PayingBalance | null;
  /** The card's current owner (for the reassign dialog), and the person looking, who cannot become its owner. */
  owner: PersonChoice | null;
  selfId: string;
  teams: TeamOption[];
  /** While an order is open the provider is still working on the card (or it is in review): a second change waits. */
  busy: boolean;
  /** Whether a freeze waits too: it overtakes an open top-up, withdrawal or limit change, nothing else (open-order-rule.ts). */
  freezeWaits: boolean;
  /** US states the provider accepts in a cardholder address (NobePay). */
  holderStates?: { code: string; name: string }[];
  /** Why no action can be taken at all (the provider no longer knows the card): every button is disabled with it. */
  blockedReason?: string | null;
  /** The buttons' icons, drawn on the server (components/cards/card-action-icons.tsx) so this bar does not ship them. */
  icons: CardActionIcons;
  /** How the card is used again once frozen, for this viewer, worked out on the server (lib/requests/unfreeze-advice.ts). */
  unfreezeAdvice: string;
  /**
   * How finance gets the money back from an expired card (lib/cards/expired-balance.ts), worked out on the server: no
   * document allows a withdrawal there, so none is offered. Shown to whoever may edit the card.
   */
  expiredAdvice?: string | null;
};

/** Unfreeze: sent at once, no dialog (it only gives back what was there); a failure is reported in the bar's result message. */
function UnfreezeButton({ cardId, disabled, icon }: { cardId: string; disabled: boolean; icon: React.ReactNode }) {
  const action = useCardAction("unfreeze", { reportFailures: true });
  return (
    <Button
      variant="outline"
      disabled={disabled}
      // While sending it stays focusable (aria-disabled), so focus is not dropped before it moves to the result.
      aria-disabled={action.pending || undefined}
      aria-busy={action.pending}
      className="aria-disabled:opacity-50"
      onClick={() => (action.pending ? undefined : action.run((orderId) => unfreezeCardAction({ cardId, orderId })))}
    >
      {icon} {action.pending ? "Unfreezing…" : "Unfreeze card"}
    </Button>
  );
}

export function CardActionsBar({ card, actions, providerLabel, fees, paying, owner, selfId, teams, busy: inProgress, freezeWaits, holderStates, blockedReason, icons, unfreezeAdvice, expiredAdvice }: Props) {
  const allowed = new Set(actions);
  if (allowed.size === 0) return null;
  const blocked = Boolean(blockedReason);
  const busy = inProgress || blocked;
  // A stolen card is frozen at once, whatever top-up is still unanswered.
  const freezeBusy = (inProgress && freezeWaits) || blocked;
  const freezeMeanwhile = inProgress && !freezeWaits && allowed.has("freeze");
  // Finance (who manages the card) is told how to get money back from an expired card.
  const advice = allowed.has("edit") ? expiredAdvice : null;

  return (
    <section aria-label="Card actions" aria-describedby={blocked ? "card-actions-blocked" : undefined} className="grid gap-2">
      {blocked ? (
        <p id="card-actions-blocked" className="text-destructive text-sm">
          Actions disabled: {blockedReason}
        </p>
      ) : null}
      {advice ? (
        <p role="note" data-testid="expired-balance-advice" className="text-sm">
          {advice}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {allowed.has("freeze") ? (
          <DeferredDialog disabled={freezeBusy} load={loadFreezeDialog} props={{ disabled: freezeBusy, cardId: card.id, alias: card.alias, unfreezeAdvice, icon: icons.freeze }}>
            {icons.freeze} Freeze card
          </DeferredDialog>
        ) : null}
        {allowed.has("unfreeze") ? <UnfreezeButton cardId={card.id} disabled={busy} icon={icons.unfreeze} /> : null}
        {allowed.has("topUp") ? (
          <DeferredDialog disabled={busy} load={loadAmountDialog} props={{ disabled: busy, kind: "topUp" as const, cardId: card.id, cardModel: card.cardModel, currency: card.currency, balance: card.balance, feeRule: fees.topUp, paying, providerLabel }}>
            {icons.topUp} Top up
          </DeferredDialog>
        ) : null}
        {allowed.has("withdraw") ? (
          <DeferredDialog disabled={busy} load={loadAmountDialog} props={{ disabled: busy, kind: "withdraw" as const, cardId: card.id, cardModel: card.cardModel, currency: card.currency, balance: card.balance, feeRule: fees.withdraw, paying: null, providerLabel, feeOffCard: card.provider === "cardepass" }}>
            {icons.withdraw} Withdraw
          </DeferredDialog>
        ) : null}
        {allowed.has("setLimits") ? (
          <DeferredDialog disabled={busy} load={loadLimitsDialog} props={{ disabled: busy, cardId: card.id, currency: card.currency, perTransaction: card.limitPerTransaction, lifetime: card.limitLifetime, used: card.limitUsed }}>
            {icons.setLimits} Change limits
          </DeferredDialog>
        ) : null}
        {allowed.has("edit") ? (
          <DeferredDialog disabled={blocked} load={loadEditDialog} props={{ cardId: card.id, alias: card.alias, tags: card.tags }}>
            {icons.edit} Edit alias and tags
          </DeferredDialog>
        ) : null}
        {allowed.has("reassign") ? (
          <DeferredDialog disabled={blocked} load={loadReassignDialog} props={{ cardId: card.id, owner, teamId: card.teamId, selfId, teams }}>
            {icons.reassign} Reassign owner
          </DeferredDialog>
        ) : null}
        {allowed.has("activate") ? <ActivateCardButton cardId={card.id} disabled={busy} icon={icons.activate} /> : null}
        {allowed.has("updateAddress") ? (
          <DeferredDialog disabled={blocked} load={loadHolderAddressDialog} props={{ cardId: card.id, providerLabel, states: holderStates ?? [], disabled: blocked }}>
            {icons.updateAddress} Change cardholder address
          </DeferredDialog>
        ) : null}
        {allowed.has("cancel") ? (
          <DeferredDialog
            disabled={busy}
            className="text-destructive hover:text-destructive"
            load={loadCancelDialog}
            props={{ disabled: busy, cardId: card.id, alias: card.alias, cardModel: card.cardModel, currency: card.currency, balance: card.balance, cancelFee: fees.cancel, providerLabel, provider: card.provider }}
          >
            {icons.cancel} Cancel card
          </DeferredDialog>
        ) : null}
      </div>
      {inProgress ? (
        <p className="text-muted-foreground text-xs">
          {freezeMeanwhile ? "Freezing stays possible. " : null}Other changes are available again once the request in progress has ended (see Provider requests below).
        </p>
      ) : null}
    </section>
  );
}
