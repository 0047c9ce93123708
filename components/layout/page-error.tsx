import { RouteError } from "./route-error";

/**
 * A dashboard page's error state (its error.tsx), worded and styled as the overview's and the transactions': what
 * could not be loaded, that nothing was changed, and Try again, which asks the server again (retry; reset would only
 * re-render the failed answer it already has).
 */
export function PageError({ title, retry, back }: { title: string; retry: () => void; back?: { href: string; label: string } }) {
  return (
    <RouteError
      title={title}
      detail="Nothing was changed. This is usually a passing database problem; try again in a moment."
      variant="default"
      reset={retry}
      back={back}
    />
  );
}
