/** Words for a card its provider no longer knows; safe to import anywhere (no server code). */
export const NOT_FOUND_AT_PROVIDER = "Not found at provider";

/** Why every action of such a card is refused, on the screen and by the server alike. */
export const NOT_FOUND_AT_PROVIDER_REASON =
  "The provider no longer knows this card (it answered “card not found” on the last sync), so nothing can be done with it here. Ask the provider what happened to it.";
