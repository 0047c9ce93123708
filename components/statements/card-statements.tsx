import { PROVIDER_LABELS } from "@/components/cards/labels";
import type { CardModel, CardStatus } from "@/lib/providers/types";
import type { ProviderName } from "@/db/schema/provider-accounts";
import { can, type Actor } from "@/lib/auth/permissions";
import { isNeverIssued } from "@/lib/cards/never-issued";
import { capabilitiesFor, supports } from "@/lib/providers";
import { RecentStatementLines } from "./recent-statement-lines";

type StatementCard = {
  id: string;
  alias: string;
  provider: ProviderName;
  cardModel: CardModel;
  providerAccountId: string;
  organizationId: string;
  ownerUserId: string | null;
  teamId: string | null;
  status: CardStatus;
};

/** The card page's statement section: only for people who may see funding (finance, auditor, admin). */
export function CardStatements({ user, card }: { user: Actor; card: StatementCard }) {
  if (!can(user, "funding.view") || !can(user, "card.view", card)) return null;
  const neverIssued = isNeverIssued(card);
  if (neverIssued || !supports(capabilitiesFor(card.provider), "accountLogs")) {
    return (
      <section aria-labelledby="card-statements-heading" className="grid gap-2">
        <h2 id="card-statements-heading" className="text-lg font-semibold">
          Statement
        </h2>
        <p className="text-muted-foreground text-sm">
          {neverIssued
            ? `This card was never issued, so ${PROVIDER_LABELS[card.provider]} has no statement lines for it and none will be read.`
            : `${PROVIDER_LABELS[card.provider]} provides no statement of card lines; this card's transactions are under Transactions.`}
        </p>
      </section>
    );
  }
  const accountLines = !capabilitiesFor(card.provider).accountLogsRequireCard;
  return (
    <RecentStatementLines
      scope={{ card: card.id }}
      name={card.alias}
      headingId="card-statements-heading"
      level={2}
      providerAccountId={card.providerAccountId}
      accountLines={accountLines}
      ownLedger={!(accountLines && card.cardModel === "sharebalance")}
    />
  );
}
