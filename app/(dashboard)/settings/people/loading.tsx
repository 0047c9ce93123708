import { Skeleton } from "@/components/ui/skeleton";

/** Below the layout's heading and tabs: the search and Add person, then one row per person. */
export default function PeopleLoading() {
  return (
    <div role="status" aria-live="polite" className="grid gap-4">
      <span className="sr-only">Loading people…</span>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <Skeleton className="h-6 w-20" />
        <div className="flex flex-wrap gap-2">
          <Skeleton className="h-9 w-56" />
          <Skeleton className="h-9 w-28" />
        </div>
      </div>
      <div className="divide-y rounded-lg border">
        {Array.from({ length: 6 }, (_, index) => (
          <div key={index} className="grid gap-3 p-4 md:items-center lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_22rem]">
            <div className="grid gap-1.5">
              <Skeleton className="h-5 w-40" />
              <Skeleton className="h-4 w-56 max-w-full" />
            </div>
            <div className="grid gap-1.5">
              <Skeleton className="h-4 w-48 max-w-full" />
              <Skeleton className="h-4 w-40" />
            </div>
            <div className="flex gap-2 lg:justify-end">
              <Skeleton className="h-8 w-16" />
              <Skeleton className="h-8 w-24" />
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
