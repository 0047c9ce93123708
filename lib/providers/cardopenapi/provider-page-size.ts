/**
 * Card OPEN-API list pages at Cardhub's page size from a provider that may cap page_size (review diff43p F1).
 *
 * Why here, in the adapter, and not in the walks: cardopenapi.md asks "page_no int 是 页码" and "page_size int 是
 * 每页记录数" with no maximum (lines 116-117) and answers "total int 是 总数" (line 128). A page shorter than asked while
 * the total says more remain is therefore a page_size the provider capped, and its page numbers then count pages of
 * its own size: page N of Cardhub's size means nothing to it. The walks that page these lists save the page number
 * they reached and go on from it in a later run, possibly in a restarted process (the card sync's walk checkpoint, the
 * trade pull's PageWalk). Restarting a walk at the provider's size would give those saved numbers another meaning;
 * reading here the provider's pages that hold the rows of the page Cardhub asked for keeps every saved number
 * meaningful and reads every card and trade, at one call per provider page.
 */
import type { PageAsked } from "@/lib/providers/cardopenapi/transform";

/**
 * A list answer's rows under `listKey` and its total, as far as they can be read; null for an answer that is not a
 * list, which is passed on as it came for the transform to refuse.
 */
function rowsAndTotal(data: unknown, listKey: string): { rows: unknown[]; total: number | null } | null {
  if (typeof data !== "object" || data === null) return null;
  const answer = data as Record<string, unknown>;
  const list = answer[listKey];
  if (list !== undefined && list !== null && !Array.isArray(list)) return null;
  const rows = (list ?? []) as unknown[];
  const total = answer.total === undefined || answer.total === null ? null : Number(answer.total);
  return { rows, total: total !== null && Number.isFinite(total) ? total : null };
}

/**
 * The provider's page size for a first page answered with `count` rows: count when the page is short while the total
 * says more remain (never below 1); null when the answer shows no cap.
 */
function cappedAt(count: number, total: number | null, asked: number): number | null {
  return count > 0 && count < asked && total !== null && count < total ? count : null;
}

export type FetchListPage = (pageNo: number, pageSize: number) => Promise<unknown>;

/**
 * What the adapter has learnt of each list's page size (by endpoint path), for as long as it lives: the size the
 * provider capped it at, or the largest size it answered in full. `onCap` is told of each cap learnt.
 */
export class ProviderPageSizes {
  private readonly capped = new Map<string, number>();
  private readonly servedInFull = new Map<string, number>();

  constructor(private readonly onCap: (list: string, providerSize: number, asked: number) => void) {}

  /**
   * The answer for page `asked.pageNo` of `asked.pageSize` rows of `list`: the provider's own answer while it honours
   * the size, else one put together from its pages at its own size (the last one's total). `listKey` names the rows.
   */
  async read(list: string, listKey: string, asked: PageAsked, fetchPage: FetchListPage): Promise<unknown> {
    const known = this.capped.get(list);
    if (known !== undefined && known < asked.pageSize) return this.readAt(list, listKey, asked, known, fetchPage, new Map());
    const data = await fetchPage(asked.pageNo, asked.pageSize);
    const answer = rowsAndTotal(data, listKey);
    if (answer === null) return data;
    const { rows, total } = answer;
    if (rows.length >= asked.pageSize) {
      this.servedInFull.set(list, Math.max(asked.pageSize, this.servedInFull.get(list) ?? 0));
      return data;
    }
    if (asked.pageNo === 1) {
      const size = cappedAt(rows.length, total, asked.pageSize);
      return size === null ? data : this.learnt(list, listKey, asked, size, fetchPage, new Map([[1, data]]));
    }
    // Past the first page a short answer is either the list's end or a capped page of the provider's own numbering. As
    // many rows as remain by the total can be either (its page N of its size may hold just that many): only page 1,
    // asked once, tells them apart, unless a page of this size was already answered in full.
    const remaining = total === null ? null : Math.min(asked.pageSize, Math.max(0, total - (asked.pageNo - 1) * asked.pageSize));
    if (rows.length > 0 && remaining !== null && rows.length < remaining) return this.learnt(list, listKey, asked, rows.length, fetchPage, new Map());
    if ((this.servedInFull.get(list) ?? 0) >= asked.pageSize) return data;
    const first = await fetchPage(1, asked.pageSize);
    const firstPage = rowsAndTotal(first, listKey);
    if (firstPage === null) return first;
    const size = cappedAt(firstPage.rows.length, firstPage.total, asked.pageSize);
    if (size === null) {
      if (firstPage.rows.length >= asked.pageSize) this.servedInFull.set(list, asked.pageSize);
      return data;
    }
    return this.learnt(list, listKey, asked, size, fetchPage, new Map([[1, first]]));
  }

  private learnt(list: string, listKey: string, asked: PageAsked, size: number, fetchPage: FetchListPage, read: Map<number, unknown>): Promise<unknown> {
    this.capped.set(list, size);
    this.onCap(list, size, asked.pageSize);
    return this.readAt(list, listKey, asked, size, fetchPage, read);
  }

  /**
   * Rows (pageNo - 1) * pageSize up to pageNo * pageSize, from the provider's pages of `size` (`read`: those already
   * answered). A page of that size answered short while the total says more remain is a lower cap: read again at it,
   * which ends, as the size only goes down and never below 1. Rows that moved between two of these calls are read twice
   * or not at all, as between any two pages of a walk.
   */
  private async readAt(list: string, listKey: string, asked: PageAsked, size: number, fetchPage: FetchListPage, read: Map<number, unknown>): Promise<unknown> {
    const from = (asked.pageNo - 1) * asked.pageSize;
    const to = asked.pageNo * asked.pageSize;
    const rows: unknown[] = [];
    let last: object = {};
    let total: number | null = null;
    for (let pageNo = Math.floor(from / size) + 1; (pageNo - 1) * size < to; pageNo += 1) {
      const data = read.get(pageNo) ?? (await fetchPage(pageNo, size));
      const page = rowsAndTotal(data, listKey);
      if (page === null) return data;
      last = data as object;
      total = page.total;
      const offset = (pageNo - 1) * size;
      if (page.rows.length < size && page.rows.length > 0 && total !== null && offset + page.rows.length < total) {
        return this.learnt(list, listKey, asked, page.rows.length, fetchPage, new Map());
      }
      rows.push(...page.rows.slice(Math.max(0, from - offset), to - offset));
      if (page.rows.length < size || (total !== null && offset + size >= total)) break;
    }
    return { ...last, total, [listKey]: rows };
  }
}
