import { z } from "zod";

/**
 * An id from outside (a form, a URL, an action's argument), in the one spelling PostgreSQL stores and returns.
 * SECURITY: zod accepts a uuid in capitals, and PostgreSQL reads it as the same id but stores and returns it in lower
 * case. Ids are compared as text across the code ("is this my own id?", "is this the card's team?"), and an audit row's
 * hash covers its ids as given: an id kept in capitals would slip past the first and break the chain on the second.
 */
export function uuidSchema(params?: Parameters<typeof z.uuid>[0]) {
  return z.uuid(params).toLowerCase();
}
