"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

/** The chart library is fetched only when a chart is on screen, after the page's own figures: not first-load code. */
export const LazySpendChart = dynamic(() => import("./spend-chart"), {
  ssr: false,
  loading: () => <Skeleton className="h-56 w-full" />,
});
