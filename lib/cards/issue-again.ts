import type { Db } from "@/db/client";
import { findCard } from "@/db/queries/card-updates";
import { findProduct } from "@/db/queries/products";
import { findProviderAccount } from "@/db/queries/provider-accounts";
import { listOrdersForCard } from "@/db/queries/provider-orders";
import { findUserById } from "@/db/queries/users";
import type { IssueValues } from "@/components/cards/issue-card-types";
import type { PersonChoice } from "@/components/people/person-choice";
import { can } from "@/lib/auth/permissions";
import type { SessionUser } from "@/lib/auth/session-user";
import { minorToDecimalText } from "@/lib/format";
import { uuidSchema } from "@/lib/validation/uuid";
import { mayHoldCard } from "./card-holder";
import { ISSUE_KINDS } from "./issue-kinds";
import { isNeverIssued } from "./never-issued";
import { issueCardSchema, type IssueKind } from "./schemas";

/** The issue form opened from a card that was never issued: its details, and the owner the form starts with. */
export type IssueAgain = { fromAlias: string; values: Partial<IssueValues>; owner: PersonChoice | null };

const KIND_FIELDS = ["perTransactionLimit", "lifetimeLimit", "initialAmount", "holderFirstName", "holderLastName", "street", "city", "state", "zipCode"] as const;

function kindFor(provider: string, model: string): IssueKind | null {
  const found = Object.entries(ISSUE_KINDS).find(([, kind]) => kind.provider === provider && kind.model === model);
  return found ? (found[0] as IssueKind) : null;
}

const decimal = (minor: unknown, currency: string): string | undefined => {
  if (typeof minor !== "string" && typeof minor !== "bigint") return undefined;
  try {
    return minorToDecimalText(BigInt(minor), currency);
  } catch {
    return undefined;
  }
};

/**
 * What the issue form starts with when finance issues a refused card again (/cards/new?from=<card id>): only what
 * Cardhub stored of the attempt (the card's placement and the issue order's non-secret request), never card data.
 * Each value is checked with the form's own schema and left out if it does not fit; null (the form opens empty) for
 * anything but a never-issued card of the viewer's organisation that they may issue.
 */
export async function issueAgainValues(db: Db, user: SessionUser, from: string | undefined): Promise<IssueAgain | null> {
  const cardId = uuidSchema().safeParse(from);
  if (!cardId.success || !can(user, "card.issue")) return null;
  const card = await findCard(db, cardId.data);
  if (!card || card.organizationId !== user.organizationId || !isNeverIssued(card) || !can(user, "card.view", card)) return null;
  const { rows } = await listOrdersForCard(db, { cardId: card.id, limit: 20 });
  const request = rows.find((order) => order.type === "issue")?.request ?? {};
  // An account disabled since, or a product withdrawn since, is not offered by the form: chosen afresh instead.
  const account = await findProviderAccount(db, card.providerAccountId);
  const usableAccount = account && account.active && account.organizationId === user.organizationId ? account : null;
  const productId = typeof request.productId === "string" ? request.productId : undefined;
  const product = usableAccount && productId ? await findProduct(db, { providerAccountId: usableAccount.id, providerProductId: productId }) : null;
  const holder = (request.holder ?? {}) as { firstName?: unknown; lastName?: unknown; address?: Record<string, unknown> };
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  const candidate = {
    accountId: usableAccount?.id,
    productId: product && !product.details.withdrawn ? product.providerProductId : undefined,
    currency: card.currency,
    ownerUserId: card.ownerUserId,
    teamId: card.teamId,
    alias: card.alias,
    tags: card.tags,
    perTransactionLimit: decimal(request.perTransactionLimit, card.currency),
    lifetimeLimit: request.lifetimeLimit === null ? "" : decimal(request.lifetimeLimit, card.currency),
    initialAmount: decimal(request.initialAmount, card.currency),
    holderFirstName: text(holder.firstName),
    holderLastName: text(holder.lastName),
    street: text(holder.address?.street),
    city: text(holder.address?.city),
    state: text(holder.address?.state),
    zipCode: text(holder.address?.zipCode),
  };
  // The form's schema for this kind of card says which stored values still fit; those that do not are left out.
  const accountKind = usableAccount ? kindFor(usableAccount.provider, card.cardModel) : null;
  const parsed = accountKind ? issueCardSchema.safeParse({ kind: accountKind, ...candidate }) : null;
  const misfits = new Set((parsed && !parsed.success ? parsed.error.issues : []).map((issue) => String(issue.path[0])));
  const fits = (field: keyof typeof candidate) => candidate[field] !== undefined && candidate[field] !== null && !misfits.has(field);

  const values: Partial<IssueValues> = {};
  if (fits("accountId")) values.accountId = candidate.accountId;
  if (fits("productId")) values.productId = candidate.productId!;
  if (accountKind && values.productId) values.model = ISSUE_KINDS[accountKind].model;
  if (fits("currency")) values.currency = candidate.currency;
  if (fits("teamId")) values.teamId = candidate.teamId!;
  if (fits("alias")) values.alias = candidate.alias;
  if (fits("tags")) values.tags = candidate.tags.join(", ");
  for (const field of KIND_FIELDS) if (fits(field)) values[field] = candidate[field]!;
  if (accountKind === "cardepass-sharebalance" && request.lifetimeLimit === null) values.unlimited = true;

  let owner: PersonChoice | null = null;
  // Never the person issuing (nobody issues a card to themselves), nor someone who may no longer hold a card.
  if (fits("ownerUserId") && card.ownerUserId !== user.id) {
    const person = await findUserById(db, card.ownerUserId!);
    if (person && person.active && person.organizationId === user.organizationId && mayHoldCard(person)) {
      values.ownerUserId = person.id;
      owner = { id: person.id, label: person.name };
    }
  }
  return { fromAlias: card.alias, values, owner };
}
