import { Skeleton } from "@/components/ui/skeleton";

export default function TransactionsLoading() {
  return (
    <div role="status" aria-live="polite" className="grid gap-4">
      <span className="sr-only">Loading transactions…</span>
      <Skeleton className="h-8 w-40" />
      <Skeleton className="h-4 w-full max-w-96" />
      <Skeleton className="h-44 rounded-lg" />
      <Skeleton className="h-24 rounded-lg" />
      <div className="grid gap-2 rounded-lg border p-2">
        {Array.from({ length: 10 }, (_, index) => (
          <Skeleton key={index} className="h-10" />
        ))}
      </div>
    </div>
  );
}
