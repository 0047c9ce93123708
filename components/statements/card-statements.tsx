import { can, type Actor } from "@/lib/auth/permissions";
import { RecentStatementLines } from "./recent-statement-lines";

/** The card page's statement section: only for people who may see funding (finance, auditor, admin). */
export function CardStatements({ user, card }: { user: Actor; card: { id: string; alias: string; providerAccountId: string; organizationId: string; ownerUserId: string | null; teamId: string | null } }) {
  if (!can(user, "funding.view") || !can(user, "card.view", card)) return null;
  return <RecentStatementLines scope={{ card: card.id }} name={card.alias} headingId="card-statements-heading" level={2} providerAccountId={card.providerAccountId} />;
}
