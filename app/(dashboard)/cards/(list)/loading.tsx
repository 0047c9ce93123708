import { Skeleton } from "@/components/ui/skeleton";

export default function CardsLoading() {
  return (
    <div role="status" aria-live="polite" className="grid gap-4">
      <span className="sr-only">Loading cards…</span>
      <Skeleton className="h-8 w-32" />
      <Skeleton className="h-4 w-72" />
      <Skeleton className="h-36 rounded-lg" />
      <div className="grid gap-2 rounded-lg border p-2">
        {Array.from({ length: 10 }, (_, index) => (
          <Skeleton key={index} className="h-10" />
        ))}
      </div>
    </div>
  );
}
