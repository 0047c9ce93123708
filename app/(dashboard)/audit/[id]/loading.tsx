import { Skeleton } from "@/components/ui/skeleton";

/** The event's header, its one-line account, then its fields as term and value (components/audit/audit-row-detail.tsx). */
export default function AuditEventLoading() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading the audit event…</span>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div className="grid min-w-0 flex-1 basis-72 gap-2">
          <Skeleton className="h-8 w-52" />
          <Skeleton className="h-4 w-64 max-w-full" />
        </div>
        <Skeleton className="h-8 w-48" />
      </div>
      <div className="grid gap-6">
        <Skeleton className="h-5 w-full max-w-[40rem]" />
        <div>
          {Array.from({ length: 7 }, (_, index) => (
            <div key={index} className="grid gap-2 border-b py-3 sm:grid-cols-[12rem_1fr] sm:gap-4">
              <Skeleton className="h-4 w-24" />
              <Skeleton className="h-4 w-56 max-w-full" />
            </div>
          ))}
        </div>
        <div className="grid gap-2">
          <Skeleton className="h-6 w-32" />
          <Skeleton className="h-4 w-72 max-w-full" />
          <Skeleton className="h-4 w-60 max-w-full" />
        </div>
      </div>
    </div>
  );
}
