/**
 * A keyset page from the rows a list query fetched: at most `limit + 1` of them, in the walk's own order (forwards,
 * or backwards from a `before` cursor). Returns the page in display order and the cursors of the pages either side:
 * next when there is more ahead (or when walking back, since the walk started from a later page), previous when there
 * is more behind (or when walking forwards from a cursor), null otherwise.
 */
export function keysetPage<Row, Cursor>(
  fetched: readonly Row[],
  params: { limit: number; backwards: boolean; fromCursor: boolean; toCursor: (row: Row) => Cursor },
): { rows: Row[]; nextCursor: Cursor | null; previousCursor: Cursor | null } {
  const more = fetched.length > params.limit;
  const rows = fetched.slice(0, params.limit);
  if (params.backwards) rows.reverse();
  const first = rows[0];
  const last = rows.at(-1);
  return {
    rows,
    nextCursor: last !== undefined && (params.backwards || more) ? params.toCursor(last) : null,
    previousCursor: first !== undefined && (params.backwards ? more : params.fromCursor) ? params.toCursor(first) : null,
  };
}
