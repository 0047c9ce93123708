import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAccountFunding } from "@/db/queries/funding";
import { listProviderAccounts } from "@/db/queries/provider-accounts";
import { seedDemo } from "@/db/seed";
import { refreshAllFunding } from "@/lib/funding/refresh-funding";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { backfillDemoHistory } from "./demo-history";

const database = withTestDatabase();
let sandbox: RunningSandbox;
let organizationId = "";

const minor = (decimal: string) => BigInt(decimal.replace(".", ""));
const sandboxFunding = async () =>
  minor(((await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as { cardepass: { funding: { available: string } } }).cardepass.funding.available);
const storedCardepassUsd = async () => {
  const accounts = await listAccountFunding(database.db(), { organizationId });
  const cardepass = accounts.find((account) => account.provider === "cardepass")!;
  return cardepass.balances.find((balance) => balance.currency === "USD")!.available;
};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(database.db(), { sandboxUrl: sandbox.url });
  organizationId = (await listProviderAccounts(database.db()))[0]!.organizationId;
});
afterAll(() => sandbox?.close());

describe("the demo's backdated history", () => {
  it("reads the funding balances again after it, so /funding does not show the balance from before its purchases", async () => {
    // The worker reads every balance when it starts, before the launcher asks the sandbox for the history.
    expect(await refreshAllFunding(database.db())).toMatchObject({ failed: [] });
    const before = await storedCardepassUsd();
    expect(before).toBe(await sandboxFunding());

    const said: string[] = [];
    await backfillDemoHistory(database.db(), sandbox.url, (line) => said.push(line));

    // The backdated purchases on the Cardepass ShareBalance cards spent the shared funding account.
    const after = await sandboxFunding();
    expect(after).not.toBe(before);
    expect(await storedCardepassUsd()).toBe(after);
    expect(said).toEqual([expect.stringMatching(/^sandbox: \d+ backdated demo transactions over the last 60 days/)]);
  });
});
