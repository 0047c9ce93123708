import { OverviewLink } from "@/components/layout/overview-link";
import { Button } from "@/components/ui/button";

/** The 403 page: rendered inside the layout of the page that refused, which already holds the page's one <main>. */
export function ForbiddenPage({ advice }: { advice: string }) {
  return (
    <section aria-labelledby="forbidden-title" className="mx-auto flex min-h-[60dvh] max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      {/* The refused page's metadata is not applied to this boundary: without its own title the tab would read "Cardhub". */}
      <title>No access · Cardhub</title>
      <p className="text-muted-foreground text-sm font-medium">403</p>
      <h1 id="forbidden-title" className="text-2xl font-semibold">You don&apos;t have access to this page</h1>
      <p className="text-muted-foreground">{advice}</p>
      <Button asChild>
        <OverviewLink>Back to overview</OverviewLink>
      </Button>
    </section>
  );
}
