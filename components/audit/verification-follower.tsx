"use client";

import { useEffect } from "react";
import { useQuery } from "@tanstack/react-query";
import { QueryProvider } from "@/components/providers/query-provider";
import type { VerificationStatus } from "@/lib/audit/verification-status";
import { active, fetchStatus } from "./verify-chain-button";

const QUERY_KEY = ["audit-verification"] as const;

type Props = { initial: VerificationStatus; onStatus: (status: VerificationStatus | null) => void };

/** Polls a queued or running chain verification once a second and reports each status; stops once it is over. */
export function VerificationFollower(props: Props) {
  return (
    <QueryProvider>
      <Follower {...props} />
    </QueryProvider>
  );
}

function Follower({ initial, onStatus }: Props) {
  const { data } = useQuery({
    queryKey: QUERY_KEY,
    queryFn: fetchStatus,
    initialData: initial,
    refetchInterval: (query) => (active(query.state.data) ? 1000 : false),
  });
  useEffect(() => {
    if (data !== initial) onStatus(data);
  }, [data, initial, onStatus]);
  return null;
}
