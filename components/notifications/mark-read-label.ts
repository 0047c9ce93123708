/**
 * The menu's mark-read item marks exactly the unread notices it lists. When the badge counts more than that, it says
 * how many it marks, so nobody expects the badge to clear; the refreshed list then brings up the next unread ones.
 */
export function markReadLabel({ listedUnread, unread }: { listedUnread: number; unread: number }): string {
  if (listedUnread >= unread) return "Mark all read";
  return listedUnread === 1 ? "Mark this one read" : `Mark these ${listedUnread} read`;
}
