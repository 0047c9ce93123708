import { Skeleton } from "@/components/ui/skeleton";

/** The request's heading, then its timeline beside its details card (above it on a narrow screen). */
export default function RequestLoading() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading the request…</span>
      <div className="mb-6 grid gap-3">
        <Skeleton className="h-4 w-20" />
        {/* The page's level-one heading while it loads (the request's own names it once read): a page is never without one. */}
        <h1 className="sr-only">Request</h1>
        <Skeleton className="h-8 w-64 max-w-full" />
        <Skeleton className="h-4 w-full max-w-96" />
      </div>
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="grid content-start gap-6">
          <Skeleton className="h-20 rounded-lg" />
          <div className="grid gap-3">
            <Skeleton className="h-6 w-32" />
            {Array.from({ length: 4 }, (_, index) => (
              <Skeleton key={index} className="h-12" />
            ))}
          </div>
        </div>
        <div className="grid h-fit gap-3 rounded-xl border p-6 shadow-sm max-lg:order-first">
          <Skeleton className="h-5 w-20" />
          {Array.from({ length: 6 }, (_, index) => (
            <Skeleton key={index} className="h-5" />
          ))}
        </div>
      </div>
    </div>
  );
}
