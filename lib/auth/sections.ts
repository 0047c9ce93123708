import { can, type Actor } from "./permissions";

export const SECTIONS = ["overview", "cards", "requests", "transactions", "funding", "audit", "settings"] as const;
export type Section = (typeof SECTIONS)[number];

/** Which dashboard sections a user may open: the sidebar shows these, and each page refuses the rest with 403. */
export function canOpenSection(actor: Actor, section: Section): boolean {
  switch (section) {
    case "overview":
      return true;
    case "cards":
      return can(actor, "card.view");
    case "requests":
      return can(actor, "card.request") || can(actor, "request.approve") || can(actor, "request.view");
    case "transactions":
      return can(actor, "transaction.view");
    case "funding":
      return can(actor, "funding.view");
    case "audit":
      return can(actor, "audit.view");
    case "settings":
      return can(actor, "admin.manage");
  }
}
