import { z } from "zod";
import { uuidSchema } from "@/lib/validation/uuid";
import { DISMISS_ALL_LIMIT, DISMISSAL_REASON_MAX, DISMISSAL_REASON_MIN, DISMISSAL_REASON_MISSING, DISMISSAL_REASON_TOO_LONG } from "./unread-dismissal-rules";

const READ_AGAIN = "Read the list again, then dismiss.";

/**
 * Dismissing a provider transaction Cardhub could not read: one entry (entryId), or every open entry of the account
 * the person's list held (entryId null, named, never implied by leaving it out, with listedEntryIds: the ids the page
 * read, at most one call's limit), with a short reason; listedAt is when the person's list was read, so nothing that
 * opened since, or failed again for another reason, is dismissed unseen.
 */
export const dismissUnreadSchema = z
  .object({
    accountId: uuidSchema({ error: "Choose a provider account." }),
    entryId: uuidSchema({ error: "Choose an entry of the list, or all of them." }).nullable(),
    listedEntryIds: z
      .array(uuidSchema({ error: READ_AGAIN }), { error: READ_AGAIN })
      .max(DISMISS_ALL_LIMIT, `At most ${DISMISS_ALL_LIMIT} entries are dismissed at once. ${READ_AGAIN}`)
      .optional(),
    reason: z
      .string({ error: DISMISSAL_REASON_MISSING })
      .trim()
      .min(DISMISSAL_REASON_MIN, DISMISSAL_REASON_MISSING)
      .max(DISMISSAL_REASON_MAX, DISMISSAL_REASON_TOO_LONG),
    listedAt: z.iso.datetime({ error: READ_AGAIN }).transform((value) => new Date(value)),
  })
  .superRefine((input, context) => {
    // "All" names the entries it covers; one entry is named by entryId alone.
    const listed = input.listedEntryIds?.length ?? 0;
    if (input.entryId === null ? listed === 0 : input.listedEntryIds !== undefined) context.addIssue({ code: "custom", path: ["listedEntryIds"], message: READ_AGAIN });
  });
export type DismissUnreadInput = z.output<typeof dismissUnreadSchema>;
