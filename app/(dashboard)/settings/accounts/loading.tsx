import { Skeleton } from "@/components/ui/skeleton";

/** Below the layout's heading and tabs: the section's heading and buttons, then one bordered card per account. */
export default function ProviderAccountsLoading() {
  return (
    <div role="status" aria-live="polite" className="grid gap-4">
      <span className="sr-only">Loading provider accounts…</span>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid min-w-0 flex-1 basis-72 gap-2">
          <Skeleton className="h-6 w-44" />
          <Skeleton className="h-4 w-full max-w-xl" />
        </div>
        <div className="flex gap-2">
          <Skeleton className="h-9 w-28" />
          <Skeleton className="h-9 w-36" />
        </div>
      </div>
      {Array.from({ length: 2 }, (_, account) => (
        <div key={account} className="grid gap-4 rounded-lg border p-4">
          <div className="grid gap-2">
            <Skeleton className="h-6 w-56 max-w-full" />
            <Skeleton className="h-4 w-72 max-w-full" />
          </div>
          <div className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-4">
            {Array.from({ length: 8 }, (_, index) => (
              <div key={index} className="grid gap-1.5">
                <Skeleton className="h-4 w-24" />
                <Skeleton className="h-4 w-36" />
              </div>
            ))}
          </div>
          <Skeleton className="h-9 w-40" />
        </div>
      ))}
    </div>
  );
}
