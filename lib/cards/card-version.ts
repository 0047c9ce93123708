/**
 * The card page's version, which its open copies poll to re-render when anyone changes the card: the card row's own
 * stamp (updated_at, written with every change and every sync that stores one) as the page read it, and the newest
 * write to its orders and requests (readCardActivityStamp), read before the page reads them. A change made while the
 * page renders therefore always moves the version past what the page shows.
 */
export function cardVersion(cardUpdatedAt: Date, activityStamp: string): string {
  return `${cardUpdatedAt.getTime()}|${activityStamp}`;
}
