import { Skeleton } from "@/components/ui/skeleton";

/** Below the layout's heading and tabs: New team, then a card per team with its members. */
export default function TeamsLoading() {
  return (
    <div role="status" aria-live="polite" className="grid gap-4">
      <span className="sr-only">Loading teams…</span>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <Skeleton className="h-6 w-20" />
        <Skeleton className="h-9 w-28" />
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        {Array.from({ length: 4 }, (_, index) => (
          <div key={index} className="grid content-start gap-3 rounded-lg border p-4">
            <div className="grid gap-1.5">
              <Skeleton className="h-5 w-32" />
              <Skeleton className="h-4 w-56 max-w-full" />
            </div>
            <div className="flex flex-wrap gap-2">
              <Skeleton className="h-5 w-24 rounded-full" />
              <Skeleton className="h-5 w-20 rounded-full" />
              <Skeleton className="h-5 w-28 rounded-full" />
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
