import { z } from "zod";
import { uuidSchema } from "@/lib/validation/uuid";
import { DISMISS_ALL_LIMIT, DISMISSAL_REASON_MAX, DISMISSAL_REASON_MIN, DISMISSAL_REASON_MISSING, DISMISSAL_REASON_TOO_LONG } from "./unread-dismissal-rules";

const READ_AGAIN = "Read the list again, then dismiss.";

/**
 * An entry's opened_at as the review page read it: to the microsecond, in UTC (db/queries/transaction-rows-unread-review.ts),
 * so it names exactly the version, and so the reason, the list showed.
 */
const shownOpenedAt = () => z.iso.datetime({ precision: 6, error: READ_AGAIN });

/**
 * Dismissing a provider transaction Cardhub could not read: one entry (entryId, with openedAt as the list showed it), or
 * every open entry of the account the person's list held (entryId null, named, never implied by leaving it out, with
 * listedEntries: each id the page read with its openedAt, at most one call's limit), with a short reason. An entry is
 * dismissed only as the version shown, so one that failed again for another reason is never dismissed unseen.
 */
export const dismissUnreadSchema = z
  .object({
    accountId: uuidSchema({ error: "Choose a provider account." }),
    entryId: uuidSchema({ error: "Choose an entry of the list, or all of them." }).nullable(),
    openedAt: shownOpenedAt().optional(),
    listedEntries: z
      .array(z.object({ id: uuidSchema({ error: READ_AGAIN }), openedAt: shownOpenedAt() }, { error: READ_AGAIN }), { error: READ_AGAIN })
      .max(DISMISS_ALL_LIMIT, `At most ${DISMISS_ALL_LIMIT} entries are dismissed at once. ${READ_AGAIN}`)
      .optional(),
    reason: z
      .string({ error: DISMISSAL_REASON_MISSING })
      .trim()
      .min(DISMISSAL_REASON_MIN, DISMISSAL_REASON_MISSING)
      .max(DISMISSAL_REASON_MAX, DISMISSAL_REASON_TOO_LONG),
  })
  .superRefine((input, context) => {
    // "All" names the entries it covers, each as shown; one entry is named by entryId and the openedAt shown with it.
    const all = input.entryId === null;
    if (all ? (input.listedEntries?.length ?? 0) === 0 : input.listedEntries !== undefined) context.addIssue({ code: "custom", path: ["listedEntries"], message: READ_AGAIN });
    if (all ? input.openedAt !== undefined : input.openedAt === undefined) context.addIssue({ code: "custom", path: ["openedAt"], message: READ_AGAIN });
  });
export type DismissUnreadInput = z.output<typeof dismissUnreadSchema>;
