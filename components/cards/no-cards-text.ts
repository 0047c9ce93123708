import type { visibilityReach } from "@/lib/auth/permissions";

/**
 * What the card list says when the viewer has no card to see yet and cannot issue one (finance's empty list offers
 * issuing instead): whose cards would appear, as the page's header words its reach, and how to get one, for whoever
 * may ask (card.request).
 */
export function noCardsYetText(reach: ReturnType<typeof visibilityReach>, mayRequest: boolean): string {
  const ask = mayRequest ? (reach === "own" ? " To get one, send a card request." : " To get one of your own, send a card request.") : "";
  switch (reach) {
    case "own":
      return `Cards issued to you will appear here.${ask}`;
    case "own_and_team":
      return `Your cards and those of the teams you manage will appear here.${ask}`;
    case "all":
      return `Every card of the company will appear here, once finance issues one or the next sync brings in existing cards.${ask}`;
  }
}
