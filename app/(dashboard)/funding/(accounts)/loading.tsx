import { Skeleton } from "@/components/ui/skeleton";

/** One provider account's section (components/funding/funding-account.tsx): its name and refresh, then a card per balance. */
function AccountSkeleton() {
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="grid gap-1.5">
          <Skeleton className="h-6 w-48" />
          <Skeleton className="h-4 w-64 max-w-full" />
        </div>
        <Skeleton className="h-8 w-44" />
      </div>
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
        {Array.from({ length: 3 }, (_, index) => (
          <div key={index} className="grid gap-2 rounded-xl border p-4 shadow-sm">
            <Skeleton className="h-5 w-32" />
            <Skeleton className="h-3 w-16" />
            <Skeleton className="h-8 w-36" />
            <Skeleton className="h-4 w-44" />
          </div>
        ))}
      </div>
    </div>
  );
}

export default function FundingLoading() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading funding balances…</span>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div className="grid min-w-0 flex-1 basis-72 gap-2">
          <Skeleton className="h-8 w-32" />
          <Skeleton className="h-4 w-full max-w-xl" />
        </div>
        <Skeleton className="h-9 w-44" />
      </div>
      <div className="grid gap-8">
        <AccountSkeleton />
        <AccountSkeleton />
      </div>
    </div>
  );
}
