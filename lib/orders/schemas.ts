import { z } from "zod";
import { uuidSchema } from "@/lib/validation/uuid";
import { RESOLUTION_NOTE_MAX, RESOLUTION_OUTCOMES } from "./resolution";

/** Settling a provider request in review by what a person found at the provider; the note says what they saw. */
export const resolveOrderSchema = z.object({
  orderId: uuidSchema({ error: "Choose a provider request from the card's list." }),
  outcome: z.enum(RESOLUTION_OUTCOMES, { error: "Choose what the provider shows: carried out, or not." }),
  note: z
    .string({ error: "Say what you saw at the provider." })
    .trim()
    .min(3, "Say what you saw at the provider (at least 3 characters).")
    .max(RESOLUTION_NOTE_MAX, `At most ${RESOLUTION_NOTE_MAX} characters.`),
  /** An issue settled as done: the provider's id of the card it made, as its portal shows it. */
  providerCardId: z
    .string()
    .trim()
    .max(100, "At most 100 characters.")
    .regex(/^[A-Za-z0-9._:-]*$/, "Enter the card id as the provider shows it: letters, digits and . _ : - only.")
    .optional()
    .transform((value) => value || undefined),
});
export type ResolveOrderInput = z.output<typeof resolveOrderSchema>;
