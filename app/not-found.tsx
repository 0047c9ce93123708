import { OverviewLink } from "@/components/layout/overview-link";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    // Usually rendered inside the dashboard layout, which already holds the page's one <main>.
    <section aria-labelledby="not-found-title" className="mx-auto flex min-h-[60dvh] max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <title>Page not found · Cardhub</title>
      <p className="text-muted-foreground text-sm font-medium">404</p>
      <h1 id="not-found-title" className="text-2xl font-semibold">Page not found</h1>
      <Button asChild>
        <OverviewLink>Back to overview</OverviewLink>
      </Button>
    </section>
  );
}
