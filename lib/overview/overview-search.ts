import { z } from "zod";
import { FINANCE_RANGES, FINANCE_SPLITS, type FinanceRange, type FinanceSplit } from "./load-overview";

const rangeSchema = z.enum(FINANCE_RANGES.map(String) as [string, ...string[]]).transform((value) => Number(value) as FinanceRange);
const splitSchema = z.enum(FINANCE_SPLITS);

export type OverviewSearch = { range: FinanceRange; split: FinanceSplit; ignored: string[] };

/** The overview's chart choice from the query string; anything else is ignored with a sentence saying so. */
export function parseOverviewSearch(params: Record<string, string | string[] | undefined>): OverviewSearch {
  const ignored: string[] = [];
  const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const range = params.range === undefined ? null : rangeSchema.safeParse(one(params.range));
  const split = params.split === undefined ? null : splitSchema.safeParse(one(params.split));
  if (range && !range.success) ignored.push(`Period: choose ${FINANCE_RANGES.join(" or ")} days; showing 30 days.`);
  if (split && !split.success) ignored.push("Split: choose by provider or by team; showing by provider.");
  return { range: range?.success ? range.data : 30, split: split?.success ? split.data : "provider", ignored };
}
