import { beforeAll, expect, it } from "vitest";
import { getProviderAccountConfigByLabel, listProviderAccounts } from "@/db/queries/provider-accounts";
import { organizations } from "@/db/schema/organizations";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { storedWebhookSecret } from "@/lib/provider-accounts/webhook-secret";
import { withTestDatabase } from "@/test/database";
import { seedOfflineDemo } from "@/test/offline-demo";

const database = withTestDatabase();
const db = () => database.db();

beforeAll(async () => {
  await seedOfflineDemo(db());
});

it("cardctl's --account finds one account by its label, and refuses a label two organisations use", async () => {
  const [nobepay] = (await listProviderAccounts(db())).filter((account) => account.provider === "nobepay");
  expect((await getProviderAccountConfigByLabel(db(), nobepay!.label)).provider).toBe("nobepay");
  await expect(getProviderAccountConfigByLabel(db(), "No such label")).rejects.toThrow('No provider account is labelled "No such label".');

  // Labels are unique within an organisation only.
  const [other] = await db().insert(organizations).values({ name: "Other Co" }).returning();
  await db().insert(providerAccounts).values({ organizationId: other!.id, provider: "nobepay", label: nobepay!.label, baseUrl: "http://127.0.0.1:9", credentialsEncrypted: "x", ...storedWebhookSecret("other-secret") });
  await expect(getProviderAccountConfigByLabel(db(), nobepay!.label)).rejects.toThrow(`More than one organisation has a provider account labelled "${nobepay!.label}"`);
});
