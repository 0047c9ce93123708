"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";

/**
 * A link that is one of many on a page (a list's rows, the names in audit sentences): Next prefetches it when a
 * person points at it, touches it or tabs to it, not when it scrolls into view. Next's Link prefetches every link in
 * the viewport, and each prefetch of a dashboard page runs the signed-in layout on the server: one view of the
 * transactions list sent about 30 of them (a card page's about 24 ms each), thirty times the page's own cost.
 */
export function IntentLink({ href, onMouseEnter, onTouchStart, onFocus, ...props }: Omit<React.ComponentProps<typeof Link>, "href" | "prefetch"> & { href: string }) {
  const router = useRouter();
  const prefetch = () => router.prefetch(href);
  return (
    <Link
      {...props}
      href={href}
      prefetch={false}
      onMouseEnter={(event) => {
        prefetch();
        onMouseEnter?.(event);
      }}
      onTouchStart={(event) => {
        prefetch();
        onTouchStart?.(event);
      }}
      onFocus={(event) => {
        prefetch();
        onFocus?.(event);
      }}
    />
  );
}
