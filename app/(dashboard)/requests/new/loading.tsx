import { Skeleton } from "@/components/ui/skeleton";

export default function NewRequestLoading() {
  return (
    <div role="status" aria-live="polite" className="grid max-w-3xl gap-4">
      <span className="sr-only">Loading the form…</span>
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-4 w-96" />
      <div className="grid gap-2 sm:grid-cols-2">
        {Array.from({ length: 4 }, (_, index) => (
          <Skeleton key={index} className="h-16 rounded-lg" />
        ))}
      </div>
    </div>
  );
}
