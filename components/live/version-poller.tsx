"use client";

import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { refreshDecision } from "@/components/presence/presence";
import { usePresent } from "@/components/presence/use-present";
import { QueryProvider } from "@/components/providers/query-provider";

const POLL_MS = 3_000;

async function fetchVersion(source: string): Promise<string> {
  const response = await fetch(source, { cache: "no-store" });
  if (!response.ok) throw new Error(`version ${response.status}`);
  return ((await response.json()) as { version: string }).version;
}

/**
 * New activity without a reload: polls a cheap change token (`source` answers { version }) every few seconds and
 * re-renders the server page when it moves (filters, open drawers and dialogs and scroll position stay as they are),
 * while the person is using the page.
 */
export function VersionPoller(props: { source: string; version: string }) {
  return (
    <QueryProvider>
      <Poller {...props} />
    </QueryProvider>
  );
}

function Poller({ source, version }: { source: string; version: string }) {
  const router = useRouter();
  const present = usePresent();
  // The version the page was rendered with: anything written after that render differs from it. A new render (a
  // refresh, or a navigation to other filters, whose source names other rows) brings its own, which is then the one
  // seen: otherwise its first poll would differ from the old one and render the page a second time for nothing.
  const state = useRef({ seen: version, pending: false });
  useEffect(() => {
    state.current = { seen: version, pending: false };
  }, [version, source]);
  const { data } = useQuery({
    queryKey: ["version", source],
    queryFn: () => fetchVersion(source),
    refetchInterval: POLL_MS,
    retry: 1,
  });
  useEffect(() => {
    const next = refreshDecision(state.current, data, present);
    state.current = { seen: next.seen, pending: next.pending };
    if (next.refresh) router.refresh();
  }, [data, present, router]);
  return null;
}
