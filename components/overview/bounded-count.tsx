import type { BoundedCount } from "@/db/queries/bounded-count";

/** A count as a heading shows it: "80", or "more than 1,000" when counting stopped at its cap. */
export function countText(count: BoundedCount): string {
  const counted = count.counted.toLocaleString("en-US");
  return count.capped ? `more than ${counted}` : counted;
}

/**
 * Says that a list shows only the first of the rows it counts, and how many it leaves out; nothing when it shows all.
 * `which` names the rows shown ("due first", "newest").
 */
export function MoreNotShown({ shown, count, which }: { shown: number; count: BoundedCount; which: string }) {
  const left = count.counted - shown;
  if (!count.capped && left <= 0) return null;
  const leftText = count.capped ? `more than ${left.toLocaleString("en-US")}` : left.toLocaleString("en-US");
  return <p className="text-muted-foreground text-sm">{`Showing the ${shown} ${which} of ${countText(count)}; ${leftText} not shown.`}</p>;
}
