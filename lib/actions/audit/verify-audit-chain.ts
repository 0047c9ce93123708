"use server";

import { z } from "zod";
import { guardedAction } from "@/lib/actions/guard";
import { requestVerification } from "@/lib/audit/run-verification";
import { auditContextFor } from "@/lib/auth/session-user";
import { enqueue } from "@/lib/jobs/queue";
import { VERIFY_AUDIT_CHAIN_JOB } from "@/lib/jobs/verify-audit-chain-job";

/**
 * Queues a verification run (finance, auditors and admins): the chain is walked by a job, never in this request.
 * A run already queued or running is joined. Progress is read from /audit/verification.
 */
export const verifyAuditChainAction = guardedAction({
  permission: "audit.verify",
  input: z.object({ kind: z.enum(["incremental", "full"]).default("incremental") }).strict(),
  run: async (input, { db, user, meta }) => {
    const { verification, created } = await requestVerification(db, auditContextFor(user, meta), { kind: input.kind, requestedByUserId: user.id });
    if (created) await enqueue(VERIFY_AUDIT_CHAIN_JOB, { verificationId: verification.id }, { singletonKey: verification.id });
    return { verificationId: verification.id, joined: !created };
  },
});
