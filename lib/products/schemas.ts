import { z } from "zod";
import { uuidSchema } from "@/lib/validation/uuid";

/** The same limit as the products_display_name_length check (db/migrations/0040_products_display_name.sql). */
export const DISPLAY_NAME_MAX = 80;

/** A display name as typed: trimmed; blank (or null) clears it, so the provider's name shows again. */
const displayName = z
  .string()
  .trim()
  .max(DISPLAY_NAME_MAX, `Use at most ${DISPLAY_NAME_MAX} characters.`)
  .nullable()
  .transform((value) => (value ? value : null));

export const renameProductSchema = z.object({
  productId: uuidSchema({ message: "Choose a product." }),
  displayName,
});
export type RenameProductInput = z.output<typeof renameProductSchema>;
