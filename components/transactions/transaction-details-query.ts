import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { newQueryClient } from "@/components/providers/query-provider";
import type { TransactionView } from "./transaction-view";

/** What GET /api/transactions/[id] answered when it did not give the transaction. */
export class DetailsAnswerError extends Error {
  constructor(readonly status: number) {
    super(`transaction details answered ${status}`);
  }
}

async function fetchTransactionDetails(id: string, signal: AbortSignal): Promise<TransactionView> {
  const response = await fetch(`/api/transactions/${encodeURIComponent(id)}`, { cache: "no-store", signal, headers: { accept: "application/json" } });
  if (!response.ok) throw new DetailsAnswerError(response.status);
  return (await response.json()) as TransactionView;
}

/** One transaction's details, cached by its id. */
export function transactionDetailsQuery(id: string) {
  return queryOptions({
    queryKey: ["transaction", id] as const,
    queryFn: ({ signal }) => fetchTransactionDetails(id, signal),
    // Fetched when the row is pointed at or focused: the click a moment later uses that answer instead of asking again.
    staleTime: 30_000,
    // Not found, not visible or signed out stays so: only a failure of the server or the network is worth one more try.
    retry: (failures, error) => failures < 1 && !(error instanceof DetailsAnswerError && error.status < 500),
    // Offline, the drawer says it could not load (with Retry) rather than waiting without end.
    networkMode: "always",
  });
}

/**
 * The details a list has fetched live as long as the list does (its `owner`, an object it keeps in state): gone when
 * its page is left, so nothing cached for one person is shown to the next one signing in on the same tab.
 */
const clients = new WeakMap<object, QueryClient>();

export function detailsClientFor(owner: object): QueryClient {
  let client = clients.get(owner);
  if (!client) {
    client = newQueryClient();
    clients.set(owner, client);
  }
  return client;
}

/** Starts fetching a row's details when a person points at or focuses it. Never throws. */
export function prefetchTransactionDetails(owner: object, id: string): Promise<void> {
  return detailsClientFor(owner).prefetchQuery(transactionDetailsQuery(id));
}

export type DetailsState =
  | { kind: "loading" }
  | { kind: "ready"; transaction: TransactionView }
  /** The server answered 404: deleted, moved out of the viewer's sight, or never theirs to see. */
  | { kind: "gone" }
  | { kind: "failed"; signedOut: boolean };

/** What the drawer's details part shows for the query's state. */
export function detailsState(query: { data: TransactionView | undefined; error: unknown }): DetailsState {
  // Checked before the data: details read earlier are not shown once the server says the viewer may not see them.
  if (query.error instanceof DetailsAnswerError && query.error.status === 404) return { kind: "gone" };
  if (query.data) return { kind: "ready", transaction: query.data };
  if (query.error) return { kind: "failed", signedOut: query.error instanceof DetailsAnswerError && query.error.status === 401 };
  return { kind: "loading" };
}
