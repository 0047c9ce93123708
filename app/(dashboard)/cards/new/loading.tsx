import { Skeleton } from "@/components/ui/skeleton";

/** One section of the issue form (components/cards/issue-card-form.tsx): a heading over fields two abreast. */
function SectionSkeleton({ fields }: { fields: number }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Skeleton className="h-5 w-36 sm:col-span-2" />
      {Array.from({ length: fields }, (_, index) => (
        <div key={index} className="grid gap-2">
          <Skeleton className="h-4 w-24" />
          <Skeleton className="h-9" />
        </div>
      ))}
    </div>
  );
}

export default function IssueCardLoading() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading the form to issue a card…</span>
      <div className="mb-6 grid gap-2">
        <Skeleton className="h-8 w-40" />
        <Skeleton className="h-4 w-full max-w-[36rem]" />
      </div>
      <div className="grid max-w-3xl gap-6">
        <SectionSkeleton fields={2} />
        <SectionSkeleton fields={4} />
        <SectionSkeleton fields={2} />
        <Skeleton className="h-9 w-32" />
      </div>
    </div>
  );
}
