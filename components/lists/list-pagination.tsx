import Link from "next/link";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import { PagingNav } from "./paging-nav";

/**
 * A keyset-paged list's previous/next links; nothing when the list fits on one page. Placed after the list it pages,
 * in the same container: following a link moves focus to that list on the new page (./paging-nav.tsx).
 */
export function ListPagination({
  label,
  previousHref,
  nextHref,
  previousLabel = "Previous",
  nextLabel = "Next",
}: {
  /** Accessible name of the navigation, e.g. "Card pages". */
  label: string;
  previousHref?: string;
  nextHref?: string;
  previousLabel?: string;
  nextLabel?: string;
}) {
  if (!previousHref && !nextHref) return null;
  return (
    <PagingNav label={label}>
      {previousHref ? (
        <Button asChild variant="outline" size="sm">
          <Link href={previousHref}>
            <ChevronLeft aria-hidden /> {previousLabel}
          </Link>
        </Button>
      ) : (
        <span />
      )}
      {nextHref ? (
        <Button asChild variant="outline" size="sm">
          <Link href={nextHref}>
            {nextLabel} <ChevronRight aria-hidden />
          </Link>
        </Button>
      ) : null}
    </PagingNav>
  );
}
