import type { DbOrTx } from "@/db/client";
import { findUserById } from "@/db/queries/users";
import type { AuditContext } from "./record";
import { runningJobActor } from "./running-job";

/**
 * For jobs finishing what a user started: the user is the actor; the worker, not a browser, is the agent. With no user
 * the actor is the job this runs in, by the name the worker ran it under (runAsJob); outside a job, none.
 */
export async function workerAuditContext(db: DbOrTx, userId: string | null, organizationId: string): Promise<AuditContext> {
  const user = userId ? await findUserById(db, userId) : null;
  return {
    organizationId,
    actorUserId: user?.id ?? null,
    actorEmail: user?.email ?? runningJobActor(),
    actorRoles: user?.roles ?? [],
    ip: null,
    userAgent: "cardhub-worker",
  };
}
