import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";

/** One overview panel's outline (components/overview/overview-panel.tsx): a title, then a few rows or a chart. */
function PanelSkeleton({ rows = 3, chart = false, wide = false }: { rows?: number; chart?: boolean; wide?: boolean }) {
  return (
    <div className={cn("grid content-start gap-3 rounded-xl border p-4 shadow-sm sm:p-5", wide && "lg:col-span-2")}>
      <Skeleton className="h-5 w-36" />
      {chart ? (
        <Skeleton className="h-48 rounded-lg" />
      ) : (
        Array.from({ length: rows }, (_, index) => <Skeleton key={index} className="h-5" />)
      )}
    </div>
  );
}

export default function OverviewLoading() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading the overview…</span>
      <div className="mb-6 grid gap-2">
        <Skeleton className="h-8 w-56" />
        <Skeleton className="h-4 w-full max-w-96" />
      </div>
      <div className="grid gap-4">
        <Skeleton className="h-6 w-48" />
        <div className="grid gap-4 lg:grid-cols-2">
          <PanelSkeleton chart wide />
          <PanelSkeleton />
          <PanelSkeleton rows={2} />
          <PanelSkeleton rows={4} wide />
        </div>
      </div>
    </div>
  );
}
