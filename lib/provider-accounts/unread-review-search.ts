import { z } from "zod";
import { UNREAD_SORT_KEY_PATTERN, type UnreadEntryCursor, type UnreadEntryState } from "@/db/queries/transaction-rows-unread-review";
import { cursorParam, encodeCursor, parseEachParam, type IgnoredParam, type RawSearchParams } from "@/lib/lists/search-params";
import { uuidSchema } from "@/lib/validation/uuid";
import { unreadReviewPath } from "./unread-transactions";

/** The review of an account's unread provider transactions, as its URL states it (/funding/unread). */
export type UnreadReviewSearch = { account: string | null; show: UnreadEntryState; after: UnreadEntryCursor | null };

const FIELD_LABELS = { account: "Account", show: "List", after: "Page" } as const;

const FIELD_SCHEMAS = {
  account: uuidSchema({ message: "This is not an account's id; it was ignored." }),
  show: z.enum(["open", "dismissed"], { message: "Unknown list; showing the open entries." }),
  after: cursorParam(z.object({ sortKey: z.string().regex(UNREAD_SORT_KEY_PATTERN), id: uuidSchema() }).strict()),
} satisfies Record<keyof typeof FIELD_LABELS, z.ZodType>;

/** A bad value is ignored with a notice that says which one and why, as on every list. */
export function parseUnreadReviewSearch(raw: RawSearchParams): { search: UnreadReviewSearch; ignored: IgnoredParam<keyof typeof FIELD_LABELS>[] } {
  const { values, ignored } = parseEachParam(raw, FIELD_SCHEMAS, FIELD_LABELS);
  return { search: { account: values.account ?? null, show: values.show ?? "open", after: values.after ?? null }, ignored };
}

/** The review's URL: one account's open entries by default, or its dismissed ones, from a page on. */
export function unreadReviewHref(params: { account: string; show?: UnreadEntryState; after?: UnreadEntryCursor | null }): string {
  const query = new URLSearchParams();
  if (params.show === "dismissed") query.set("show", "dismissed");
  if (params.after) query.set("after", encodeCursor(params.after));
  const rest = query.toString();
  return rest ? `${unreadReviewPath(params.account)}&${rest}` : unreadReviewPath(params.account);
}
