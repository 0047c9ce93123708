import type { CardForRequests } from "@/lib/requests/card-takes-request";

/** An active Card OPEN-API prepaid card of "me", in team "t" of organisation "o", on an enabled account its provider knows. */
export const cardForRequests = (overrides: Partial<CardForRequests> = {}): CardForRequests => ({
  organizationId: "o",
  ownerUserId: "me",
  teamId: "t",
  provider: "cardopenapi",
  cardModel: "prepaid",
  status: "active",
  providerStatus: "2",
  balance: 10_000n,
  accountActive: true,
  providerMissingSince: null,
  ...overrides,
});
