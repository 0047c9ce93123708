"use server";

import { z } from "zod";
import { guardedAction } from "@/lib/actions/guard";
import { verifyAndRecord } from "@/lib/audit/run-verification";
import { auditContextFor } from "@/lib/auth/session-user";

/** Read-only for the chain: recomputes every hash; the only write is the "audit.verified" row saying it ran. */
export const verifyAuditChainAction = guardedAction({
  permission: "audit.view",
  input: z.object({}).strict(),
  run: (_input, { db, user, meta }) => verifyAndRecord(db, auditContextFor(user, meta)),
});
