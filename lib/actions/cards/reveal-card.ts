"use server";

import { z } from "zod";
import { guardedAction } from "@/lib/actions/guard";
import { revealCardSecrets } from "@/lib/cards/reveal-card";
import { uuidSchema } from "@/lib/validation/uuid";

const revealSchema = z.object({ cardId: uuidSchema(), reason: z.string().max(300, "Keep the reason under 300 characters.").optional() });

/**
 * SECURITY: the only way card secrets reach a browser. The answer goes to this caller's component state and is
 * never cached (server action responses are not cacheable and carry Cache-Control: no-store).
 */
export const revealCardAction = guardedAction({
  permission: "card.reveal",
  deniedAction: "card.reveal_denied",
  input: revealSchema,
  auditTarget: (input) => ({ type: "card", id: input.cardId }),
  run: (input, { db, user, meta }) => revealCardSecrets(db, user, meta, input),
});
