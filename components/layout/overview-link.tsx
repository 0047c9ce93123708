"use client";

import { useEffect, type ComponentProps, type MouseEvent } from "react";
import { useRouter } from "next/navigation";

/**
 * The error pages' "Back to overview" link. Those boundaries' chunk is loaded on every route, apart from the dashboard
 * layout's, so next/link there would put a second copy of Link in every page's first load; this navigates in the app
 * the same way (the router is already loaded), and lets modified clicks (new tab, new window) do what they usually do.
 */
export function OverviewLink({ onClick, ...props }: Omit<ComponentProps<"a">, "href">) {
  const router = useRouter();
  // Like Link, the overview is prefetched so going back is instant.
  useEffect(() => {
    router.prefetch("/");
  }, [router]);
  const navigate = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    router.push("/");
  };
  // eslint-disable-next-line @next/next/no-html-link-for-pages -- navigates with the app router on click, see above
  return <a href="/" onClick={navigate} {...props} />;
}
