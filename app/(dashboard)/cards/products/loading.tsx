import { Skeleton } from "@/components/ui/skeleton";

/** One provider account's products: its name and refresh, then its table. */
function AccountSkeleton() {
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="grid gap-1.5">
          <Skeleton className="h-6 w-48" />
          <Skeleton className="h-4 w-64 max-w-full" />
        </div>
        <Skeleton className="h-8 w-36" />
      </div>
      <div className="grid gap-2 rounded-lg border p-2">
        {Array.from({ length: 4 }, (_, index) => (
          <Skeleton key={index} className="h-10" />
        ))}
      </div>
    </div>
  );
}

export default function ProductsLoading() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading products…</span>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div className="grid min-w-0 flex-1 basis-72 gap-2">
          <Skeleton className="h-8 w-32" />
          <Skeleton className="h-4 w-full max-w-xl" />
        </div>
        <div className="flex gap-2">
          <Skeleton className="h-8 w-20" />
          <Skeleton className="h-9 w-44" />
        </div>
      </div>
      <div className="grid gap-8">
        <AccountSkeleton />
        <AccountSkeleton />
      </div>
    </div>
  );
}
