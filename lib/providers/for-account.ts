import type { DbOrTx } from "@/db/client";
import { findProviderAccount, toProviderAccountConfig } from "@/db/queries/provider-accounts";
import { createProvider } from "./index";
import type { CardProvider } from "./interface";

// One adapter per account and version of its settings, so its token cache is shared by every call in the process.
const adapters = new Map<string, { version: number; provider: CardProvider }>();

export async function providerForAccount(db: DbOrTx, accountId: string): Promise<CardProvider> {
  const row = await findProviderAccount(db, accountId);
  if (!row) throw new Error(`Provider account ${accountId} does not exist`);
  const version = row.updatedAt.getTime();
  const cached = adapters.get(accountId);
  if (cached && cached.version === version) return cached.provider;
  const provider = createProvider(toProviderAccountConfig(row));
  adapters.set(accountId, { version, provider });
  return provider;
}
