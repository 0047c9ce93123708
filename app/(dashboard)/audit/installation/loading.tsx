import { Skeleton } from "@/components/ui/skeleton";

export default function InstallationAuditLoading() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading installation audit events…</span>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div className="grid min-w-0 flex-1 basis-72 gap-2">
          <Skeleton className="h-8 w-56" />
          <Skeleton className="h-4 w-full max-w-xl" />
        </div>
        <Skeleton className="h-8 w-44" />
      </div>
      <div className="grid gap-4">
        <Skeleton className="h-40 rounded-lg" />
        {Array.from({ length: 8 }, (_, index) => (
          <Skeleton key={index} className="h-9" />
        ))}
      </div>
    </div>
  );
}
