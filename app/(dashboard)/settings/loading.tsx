import { Skeleton } from "@/components/ui/skeleton";

/** One group of the general settings form: its legend and hint, then its inputs. */
function FieldsetSkeleton({ inputs }: { inputs: number }) {
  return (
    <div className="grid gap-4">
      <div className="grid gap-2">
        <Skeleton className="h-6 w-48" />
        <Skeleton className="h-4 w-full max-w-96" />
      </div>
      <div className="flex flex-wrap gap-4">
        {Array.from({ length: inputs }, (_, index) => (
          <Skeleton key={index} className="h-9 w-40" />
        ))}
      </div>
    </div>
  );
}

/** Below the layout's heading and tabs, which stay: the general settings form, then the approval policies. */
export default function SettingsLoading() {
  return (
    <div role="status" aria-live="polite" className="grid gap-10">
      <span className="sr-only">Loading settings…</span>
      <div className="grid gap-8">
        <FieldsetSkeleton inputs={2} />
        <FieldsetSkeleton inputs={1} />
        <FieldsetSkeleton inputs={3} />
        <Skeleton className="h-9 w-32" />
      </div>
      <div className="grid gap-4">
        <Skeleton className="h-6 w-44" />
        <Skeleton className="h-4 w-full max-w-[36rem]" />
        <Skeleton className="h-28 rounded-lg" />
      </div>
    </div>
  );
}
