import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { toProviderAccountConfig } from "@/db/queries/provider-accounts";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { UsageError } from "@/lib/providers/cli/args";
import type { ProviderAccountConfig } from "@/lib/providers/types";

/**
 * The account `cardctl --account <label>` names, or null when none has that label. A label two organisations use is
 * the operator's to resolve (a usage error); anything else that fails here (the database, the key) is not.
 */
export async function storedAccountByLabel(db: DbOrTx, label: string): Promise<ProviderAccountConfig | null> {
  const [row, another] = await db.select().from(providerAccounts).where(eq(providerAccounts.label, label)).limit(2);
  if (!row) return null;
  if (another) {
    throw new UsageError(`More than one organisation has a provider account labelled "${label}": rename one, or give --provider, --base-url and --credentials-file instead.`);
  }
  return toProviderAccountConfig(row);
}
