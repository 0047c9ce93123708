/**
 * The cards list's version, which an open list polls to re-render when a card it shows changes (a top-up, a freeze, a
 * sync that read a new balance) or a card it may show is issued: the newest visible card's creation time, read
 * before the list, and the shown cards' own stamps (updated_at, written with every change), counted and summed so a
 * card that changed, left the viewer's sight or was deleted moves it. The page computes it from the rows it rendered,
 * the poll (app/api/cards/version) from the same cards read again, so both sides are the same function.
 */
export function cardsListVersion(newestCreatedAt: string, shown: readonly { updatedAt: Date }[]): string {
  const stamps = shown.map((card) => card.updatedAt.getTime());
  const sum = stamps.reduce((total, stamp) => total + stamp, 0);
  return `${newestCreatedAt}|${stamps.length}|${stamps.length > 0 ? Math.max(...stamps) : 0}|${sum}`;
}
