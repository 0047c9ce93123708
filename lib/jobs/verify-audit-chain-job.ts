import type { Db } from "@/db/client";
import { findActiveVerification, findVerification, updateVerification } from "@/db/queries/audit-verifications";
import { findUserById } from "@/db/queries/users";
import type { AuditContext } from "@/lib/audit/record";
import { requestVerification, runVerification, SCHEDULED_VERIFICATION_CONTEXT, scheduledKind, verificationSettings } from "@/lib/audit/run-verification";
import type { JobDefinition } from "./job";

export const VERIFY_AUDIT_CHAIN_JOB = "audit.verify-chain";
/** A run "running" for longer than this was left by a worker that died; it is closed so a new one can start. */
const STALE_RUN_MINUTES = 30;

async function contextFor(db: Db, requestedByUserId: string | null): Promise<AuditContext> {
  const user = requestedByUserId ? await findUserById(db, requestedByUserId) : null;
  if (!user) return SCHEDULED_VERIFICATION_CONTEXT;
  // The person who asked is the actor; the worker, not their browser, did the work.
  return { organizationId: user.organizationId, actorUserId: user.id, actorEmail: user.email, actorRoles: user.roles, ip: null, userAgent: "cardhub-worker" };
}

/**
 * Long work stays out of web requests (DESIGN.md): the audit page queues a run and this job walks the chain.
 * On its schedule it verifies what was added since the last checkpoint, and the whole chain once a day.
 */
export const verifyAuditChainJob: JobDefinition<{ verificationId?: string }> = {
  name: VERIFY_AUDIT_CHAIN_JOB,
  schedule: "*/15 * * * *",
  retryLimit: 0,
  run: async (data, db) => {
    let verificationId = data.verificationId;
    if (!verificationId) {
      const active = await findActiveVerification(db);
      if (active?.status === "running" && active.startedAt && Date.now() - active.startedAt.getTime() > STALE_RUN_MINUTES * 60_000) {
        await updateVerification(db, active.id, { status: "failed", finishedAt: new Date(), reason: "the worker stopped during the run" });
      } else if (active) {
        if (active.status !== "queued") return;
        verificationId = active.id; // queued, but its job was lost: run it now
      }
      verificationId ??= (await requestVerification(db, SCHEDULED_VERIFICATION_CONTEXT, { kind: await scheduledKind(db), requestedByUserId: null })).verification.id;
    }
    const verification = await findVerification(db, verificationId);
    if (!verification) return;
    await runVerification(db, verificationId, verificationSettings(), await contextFor(db, verification.requestedByUserId));
  },
};
