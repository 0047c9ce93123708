import { findRequest } from "@/db/queries/requests";
import type { ActionContext } from "@/lib/actions/guard";

/**
 * The permission-relevant part of a request. It is "own" for both the person who filed it and the person it is
 * for, so the guard's not-own scopes refuse (and audit) either of them approving it, however the call was forged.
 */
export async function requestResource(input: { requestId: string }, context: ActionContext) {
  const request = await findRequest(context.db, input.requestId);
  if (!request) return null;
  const own = context.user.id === request.requesterUserId || context.user.id === request.beneficiaryUserId;
  return { id: request.id, organizationId: request.organizationId, ownerUserId: own ? context.user.id : request.beneficiaryUserId, teamId: request.teamId };
}

/** For the requester's own actions (cancel): owned by the person who filed it. */
export async function filedRequestResource(input: { requestId: string }, context: ActionContext) {
  const request = await findRequest(context.db, input.requestId);
  if (!request) return null;
  return { id: request.id, organizationId: request.organizationId, ownerUserId: request.requesterUserId, teamId: request.teamId };
}
