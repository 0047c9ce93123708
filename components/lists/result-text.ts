/**
 * What a list now shows, in one sentence, for the filter bar to announce once a filter has applied (the rows change
 * without a page load, so a screen-reader user hears nothing otherwise). `more`: a later page exists.
 */
export function listResultText(count: number, noun: { one: string; many: string }, more: boolean): string {
  if (count === 0) return `No ${noun.many} to show.`;
  return `${count} ${count === 1 ? noun.one : noun.many} shown${more ? ", more on the next page" : ""}.`;
}
