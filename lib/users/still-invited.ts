/**
 * Whether a person is still invited: invited by a link, and never in since (no link of theirs ever used, no session of
 * theirs ever opened). Someone given an initial password, or who has signed in, is not. A new link for someone still
 * invited is a new invitation; for anyone else it is a password reset (lib/users/reset-password.ts), and Settings →
 * People names its button by the same rule.
 */
export function isStillInvited(links: readonly { purpose: string; usedAt: Date | null }[], hasHadSession: boolean): boolean {
  return links.some((link) => link.purpose === "invite") && !links.some((link) => link.usedAt !== null) && !hasHadSession;
}
