import type { Db } from "@/db/client";
import { findVerification } from "@/db/queries/audit-verifications";
import { findUserById } from "@/db/queries/users";
import type { AuditContext } from "@/lib/audit/record";
import {
  activeVerification,
  isDailyFullSlot,
  requestVerification,
  runVerification,
  SCHEDULE_EVERY_MINUTES,
  SCHEDULED_VERIFICATION_CONTEXT,
  scheduledKind,
  verificationSettings,
} from "@/lib/audit/run-verification";
import type { JobDefinition } from "./job";

export const VERIFY_AUDIT_CHAIN_JOB = "audit.verify-chain";

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
  schedule: `*/${SCHEDULE_EVERY_MINUTES} * * * *`,
  retryLimit: 0,
  run: async (data, db) => {
    let verificationId = data.verificationId;
    if (!verificationId) {
      // A live worker is walking the chain: one walk at a time. A dead run is closed here and no longer counts. At the
      // day's full slot, the full pass waits behind that walk instead of being skipped.
      if ((await activeVerification(db))?.status === "running") {
        if (isDailyFullSlot(new Date())) await requestVerification(db, SCHEDULED_VERIFICATION_CONTEXT, { kind: "full", requestedByUserId: null }, { behindRunning: true });
        return;
      }
      // A queued run whose job was lost is joined and run now (made full when a full run is due).
      verificationId = (await requestVerification(db, SCHEDULED_VERIFICATION_CONTEXT, { kind: await scheduledKind(db), requestedByUserId: null })).verification.id;
    }
    const verification = await findVerification(db, verificationId);
    if (!verification) return;
    await runVerification(db, verificationId, verificationSettings(), await contextFor(db, verification.requestedByUserId));
  },
};
