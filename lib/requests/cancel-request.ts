import type { Db } from "@/db/client";
import { insertRequestEvent, lockRequest } from "@/db/queries/requests";
import { updateRequest, type CardRequestRow } from "@/db/queries/requests";
import { ActionError } from "@/lib/actions/result";
import { record } from "@/lib/audit/record";
import { auditContextFor, type RequestMeta, type SessionUser } from "@/lib/auth/session-user";
import { settleStepWaiting } from "./request-notices";

/** The requester withdraws a request while nothing has been executed: under the lock the executor also takes. */
export async function cancelRequest(db: Db, user: SessionUser, meta: RequestMeta, input: { requestId: string }): Promise<{ status: CardRequestRow["status"] }> {
  return db.transaction(async (tx) => {
    const request = await lockRequest(tx, input.requestId);
    if (!request || request.organizationId !== user.organizationId) throw new ActionError("not_found", "That request does not exist.");
    if (request.requesterUserId !== user.id) throw new ActionError("forbidden", "Only the person who filed a request can cancel it.");
    if (request.status !== "pending" && request.status !== "approved") {
      throw new ActionError("conflict", request.status === "executing" ? "The request is already being carried out and can no longer be cancelled." : "This request is already closed.");
    }
    await insertRequestEvent(tx, { requestId: request.id, type: "cancelled", actorUserId: user.id });
    const next = await updateRequest(tx, request.id, { status: "cancelled", awaiting: null, nextCheckAt: null, completedAt: new Date() });
    await record(tx, auditContextFor(user, meta), {
      action: "request.cancelled",
      targetType: "request",
      targetId: request.id,
      teamId: request.teamId,
      summary: { kind: request.kind, wasStatus: request.status },
    });
    if (request.status === "pending") await settleStepWaiting(tx, request, request.currentStep);
    return { status: next.status };
  });
}
