import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Empty page" };

/**
 * `npm run bench`'s baseline: the dashboard layout and its session checks, and no data of its own, so each list's
 * measured time can be set against what every dashboard page costs anyway. It exists only in a server the bench
 * starts (CARDHUB_BENCH_BASELINE=on, scripts/bench/http.ts); anywhere else it is a 404.
 */
export default async function BenchBaselinePage() {
  if (process.env.CARDHUB_BENCH_BASELINE !== "on") notFound();
  await requireUser();
  return <PageHeader title="Empty page" description="The benchmark's baseline: this layout, no data." />;
}
