"use client";

import { useState } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";

/** The app's QueryClient settings, for every client it makes. */
export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 0, retry: 2, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

/** One QueryClient per browser tab (per request on the server), so no cached data is ever shared between users. */
export function QueryProvider({ children }: { children: React.ReactNode }) {
  const [client] = useState(newQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
