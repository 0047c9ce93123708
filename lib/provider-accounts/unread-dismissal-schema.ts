import { z } from "zod";
import { uuidSchema } from "@/lib/validation/uuid";
import { DISMISSAL_REASON_MAX, DISMISSAL_REASON_MIN, DISMISSAL_REASON_MISSING, DISMISSAL_REASON_TOO_LONG } from "./unread-dismissal-rules";

/**
 * Dismissing a provider transaction Cardhub could not read: one entry (entryId), or every open entry of the account
 * (entryId null, named, never implied by leaving it out), with a short reason; listedAt is when the person's list was
 * read, so nothing that opened since is dismissed unseen.
 */
export const dismissUnreadSchema = z.object({
  accountId: uuidSchema({ error: "Choose a provider account." }),
  entryId: uuidSchema({ error: "Choose an entry of the list, or all of them." }).nullable(),
  reason: z
    .string({ error: DISMISSAL_REASON_MISSING })
    .trim()
    .min(DISMISSAL_REASON_MIN, DISMISSAL_REASON_MISSING)
    .max(DISMISSAL_REASON_MAX, DISMISSAL_REASON_TOO_LONG),
  listedAt: z.iso.datetime({ error: "Read the list again, then dismiss." }).transform((value) => new Date(value)),
});
export type DismissUnreadInput = z.output<typeof dismissUnreadSchema>;
