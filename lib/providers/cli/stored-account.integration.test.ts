import { beforeAll, expect, it } from "vitest";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { UsageError } from "@/lib/providers/cli/args";
import { storedAccountByLabel } from "@/lib/providers/cli/stored-account";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";

const database = withTestDatabase();
const db = () => database.db();

beforeAll(async () => {
  await seedOfflineDemo(db());
});

it("finds one account by its label, null for a label nobody uses, a usage error for a label two organisations use", async () => {
  const [nobepay] = (await listProviderAccounts(db())).filter((account) => account.provider === "nobepay");
  expect((await storedAccountByLabel(db(), nobepay!.label))?.provider).toBe("nobepay");
  expect(await storedAccountByLabel(db(), "No such label")).toBeNull();

  // Labels are unique within an organisation only.
  const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
  await db().insert(providerAccounts).values({ organizationId: other!.id, provider: "nobepay", label: nobepay!.label, baseUrl: "http://127.0.0.1:9", credentialsEncrypted: "x", ...storedWebhookSecret("other-secret") });
  const refused = storedAccountByLabel(db(), nobepay!.label);
  await expect(refused).rejects.toBeInstanceOf(UsageError);
  await expect(refused).rejects.toThrow(`More than one organisation has a provider account labelled "${nobepay!.label}"`);
});
