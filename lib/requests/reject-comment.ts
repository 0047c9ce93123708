/**
 * Rejecting a request needs a comment the requester reads: the one rule the server's schema (lib/requests/schemas.ts)
 * applies and the forms check first (the request page's decision panel, the list's decision dialog). No imports, so
 * client code carries no schema library for it.
 */
export const REJECT_COMMENT_MIN_LENGTH = 3;
export const REJECT_NEEDS_COMMENT = "Say why you reject it; the requester reads this.";

/** Whether the comment is too short to reject with, as the server's schema will judge it (trimmed). */
export function rejectCommentMissing(comment: string): boolean {
  return comment.trim().length < REJECT_COMMENT_MIN_LENGTH;
}
