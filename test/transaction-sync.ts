import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { providerAccounts, type ProviderName } from "@/db/schema/provider-accounts";
import { transactions } from "@/db/schema/transactions";
import type { CardProvider } from "@/lib/providers/interface";
import type { Page, Transaction, TransactionQuery } from "@/lib/providers/types";

/** The sandbox's admin API (never subject to faults). */
export async function sandboxAdmin(sandboxUrl: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${sandboxUrl}/_sandbox${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** `count` settled one-cent purchases on a sandbox card, each at its own millisecond (list order is by time). */
export async function purchases(sandboxUrl: string, provider: ProviderName, cardId: string, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await sandboxAdmin(sandboxUrl, "/purchase", { provider, cardId, amount: "0.01", merchant: "GITHUB", settle: true });
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export async function accountOf(db: Db, provider: ProviderName) {
  const [row] = await db.select().from(providerAccounts).where(eq(providerAccounts.provider, provider)).limit(1);
  return row!;
}

/** Forgets everything pulled for the account, so the next pull is its first. */
export async function forgetPull(db: Db, accountId: string): Promise<void> {
  await db.delete(transactions).where(eq(transactions.providerAccountId, accountId));
  await db.execute(sql`delete from transaction_sync_states where provider_account_id = ${accountId}`);
}

export async function storedIds(db: Db, accountId: string): Promise<Set<string>> {
  const rows = await db
    .select({ id: transactions.providerTransactionId })
    .from(transactions)
    .where(eq(transactions.providerAccountId, accountId));
  return new Set(rows.map((row) => row.id));
}

/** Every transaction the provider lists for the query, newest first, read straight from its pages (the oracle). */
export async function listEverything(provider: CardProvider, query: TransactionQuery = {}): Promise<Transaction[]> {
  const all: Transaction[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await provider.listTransactions({ ...query, cursor, pageSize: 500 });
    all.push(...page.items);
    if (!page.nextCursor) return all;
    cursor = page.nextCursor;
  }
}

/** The adapter with its listTransactions replaced; everything else passes through. */
export function withList(
  real: CardProvider,
  list: (query: TransactionQuery) => Promise<Page<Transaction>>,
): CardProvider {
  return new Proxy(real, {
    get(target, property, receiver) {
      if (property === "listTransactions") return (query: TransactionQuery = {}) => list(query);
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}
