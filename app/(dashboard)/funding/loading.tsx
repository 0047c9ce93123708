import { PageHeader } from "@/components/layout/page-header";
import { Skeleton } from "@/components/ui/skeleton";

export default function FundingLoading() {
  return (
    <>
      <PageHeader title="Funding" description="What each provider account can still pay for cards and top-ups, as last read from the provider." />
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" aria-busy="true" aria-label="Loading funding balances">
        {Array.from({ length: 3 }, (_, index) => (
          <Skeleton key={index} className="h-32 rounded-xl" />
        ))}
      </div>
    </>
  );
}
