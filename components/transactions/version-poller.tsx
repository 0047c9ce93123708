"use client";

import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { refreshDecision } from "@/components/presence/presence";
import { usePresent } from "@/components/presence/use-present";
import { QueryProvider } from "@/components/providers/query-provider";

const POLL_MS = 3_000;

async function fetchVersion(cardId?: string): Promise<string> {
  const response = await fetch(
    `/api/transactions/version${cardId ? `?card=${encodeURIComponent(cardId)}` : ""}`,
    { cache: "no-store" },
  );
  if (!response.ok) throw new Error(`version ${response.status}`);
  return ((await response.json()) as { version: string }).version;
}

/**
 * New activity without a reload: polls a cheap change token every few seconds and re-renders the server page when it
 * moves (filters, open drawer and scroll position stay as they are), while the person is using the page.
 */
export function VersionPoller(props: { cardId?: string; version: string }) {
  return (
    <QueryProvider>
      <Poller {...props} />
    </QueryProvider>
  );
}

function Poller({ cardId, version }: { cardId?: string; version: string }) {
  const router = useRouter();
  const present = usePresent();
  // The version read before the page's rows: anything written after that render differs from it.
  const state = useRef({ seen: version, pending: false });
  const { data } = useQuery({
    queryKey: ["transactions-version", cardId ?? "all"],
    queryFn: () => fetchVersion(cardId),
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
