import { Skeleton } from "@/components/ui/skeleton";

export default function RequestsLoading() {
  return (
    <div role="status" aria-live="polite" className="grid gap-4">
      <span className="sr-only">Loading requests…</span>
      <Skeleton className="h-8 w-40" />
      <Skeleton className="h-4 w-80" />
      <Skeleton className="h-9 w-72" />
      <Skeleton className="h-32 rounded-lg" />
      <div className="grid gap-2 rounded-lg border p-2">
        {Array.from({ length: 8 }, (_, index) => (
          <Skeleton key={index} className="h-12" />
        ))}
      </div>
    </div>
  );
}
