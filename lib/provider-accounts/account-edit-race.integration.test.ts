// Two administrators editing one provider account: the edit whose view of the account is out of date is refused and
// leaves the other's save in place, instead of silently writing back the address and secret it read.
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findPerson } from "@/db/queries/people";
import { auditLog } from "@/db/schema/audit";
import { providerAccounts } from "@/db/schema/provider-accounts";
import { seedDemo } from "@/db/seed";
import type { SessionUser } from "@/lib/auth/session-user";
import { decryptJson } from "@/lib/crypto";
import { adminContextFor } from "@/lib/users/admin-context";
import { updatePerson } from "@/lib/users/update-person";
import { startSandbox, type RunningSandbox } from "@/sandbox/server";
import { withTestDatabase } from "@/test/database";
import { pausePoint } from "@/test/pause-point";
import { sandboxAlias } from "@/test/sandbox-alias";
import { sessionUserFor, TEST_META } from "@/test/session-user";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));
vi.mock("@/lib/auth/request-meta", () => ({ currentRequestMeta: async () => TEST_META }));
vi.mock("@/lib/jobs/queue", () => ({ enqueue: async () => undefined }));

// A pause point right after an edit has read the account, before it checks and saves anything.
const afterRead = pausePoint();
vi.mock("@/db/queries/provider-accounts", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/db/queries/provider-accounts")>();
  return {
    ...original,
    findProviderAccount: async (...args: Parameters<typeof original.findProviderAccount>) => {
      const row = await original.findProviderAccount(...args);
      await afterRead.reach();
      return row;
    },
  };
});

const { editProviderAccountAction } = await import("@/lib/actions/provider-accounts/edit-provider-account");
const { ACCOUNT_CHANGED } = await import("./update-account");

const database = withTestDatabase();
const db = () => database.db();
let sandbox: RunningSandbox;
let ada: SessionUser;
let bob: SessionUser;

const accountNamed = async (label: string) => (await db().select().from(providerAccounts).where(eq(providerAccounts.label, label)))[0]!;
const accountById = async (id: string) => (await db().select().from(providerAccounts).where(eq(providerAccounts.id, id)))[0]!;
const updates = (accountId: string) =>
  db()
    .select({ actor: auditLog.actorEmail, summary: auditLog.summary })
    .from(auditLog)
    .where(and(eq(auditLog.targetId, accountId), eq(auditLog.action, "provider_account.updated")))
    .orderBy(asc(auditLog.id));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
  await seedDemo(db(), { sandboxUrl: sandbox.url });
  ada = await sessionUserFor(db(), "admin@demo.test");
  // A second administrator, made one by Ada (nobody grants themselves a role).
  const finance2 = await sessionUserFor(db(), "finance2@demo.test");
  const before = (await findPerson(db(), finance2.id))!;
  await updatePerson(db(), adminContextFor({ user: ada, meta: TEST_META }), {
    userId: finance2.id,
    name: before.name,
    roles: [...before.roles, "admin"],
    teams: before.teams.map((team) => ({ teamId: team.teamId, manager: team.manager })),
  });
  bob = await sessionUserFor(db(), "finance2@demo.test");
});
afterAll(async () => sandbox?.close());

describe("two admins editing one provider account", () => {
  it("refuses the edit that read the account before the other admin's move, which stays in place with its secret", async () => {
    const account = await accountNamed("Cardepass sandbox");
    const movedBaseUrl = `${sandboxAlias(sandbox.url)}/cardepass/openapi`;
    const auditedBefore = (await updates(account.id)).length;

    // Ada renames the account: her save has read the row and is held here.
    const { reached, release } = afterRead.arm();
    session.user = ada;
    const adas = editProviderAccountAction({ accountId: account.id, label: "Cardepass USD", baseUrl: account.baseUrl, credentials: {} });
    await reached;

    // Meanwhile Bob moves it to another address, typing the secret again as the move requires.
    session.user = bob;
    expect(await editProviderAccountAction({ accountId: account.id, label: account.label, baseUrl: movedBaseUrl, credentials: { clientSecret: "sandbox-secret" } })).toMatchObject({
      ok: true,
    });
    const afterBob = await accountById(account.id);
    release();

    expect(await adas).toMatchObject({ ok: false, error: { code: "conflict", message: ACCOUNT_CHANGED } });
    const now = await accountById(account.id);
    expect(now).toMatchObject({ label: account.label, baseUrl: movedBaseUrl, updatedAt: afterBob.updatedAt, credentialsEncrypted: afterBob.credentialsEncrypted });
    expect(decryptJson(now.credentialsEncrypted)).toEqual({ clientId: "sandbox-client", clientSecret: "sandbox-secret" });
    const audited = await updates(account.id);
    expect(audited).toHaveLength(auditedBefore + 1);
    expect(audited.at(-1)).toMatchObject({ actor: "finance2@demo.test", summary: { after: { baseUrl: movedBaseUrl } } });
  });

  it("refuses a form opened before another admin's save, before checking anything; opened again, it saves", async () => {
    const account = await accountNamed("NobePay sandbox");
    const opened = account.updatedAt.toISOString();

    session.user = bob;
    expect(await editProviderAccountAction({ accountId: account.id, label: "NobePay main", baseUrl: account.baseUrl, credentials: {}, loadedUpdatedAt: opened })).toMatchObject({ ok: true });

    // Ada's form still shows the old label and address; she types a new secret for a server nobody listens on: refused
    // for being stale, not for the ping.
    session.user = ada;
    const stale = await editProviderAccountAction({
      accountId: account.id,
      label: "NobePay sandbox",
      baseUrl: "http://127.0.0.1:9/nobepay",
      credentials: { appSecret: "typed-by-ada" },
      loadedUpdatedAt: opened,
    });
    expect(stale).toMatchObject({ ok: false, error: { code: "conflict", message: ACCOUNT_CHANGED } });
    const afterBob = await accountById(account.id);
    expect(afterBob).toMatchObject({ label: "NobePay main", baseUrl: account.baseUrl });
    expect(decryptJson(afterBob.credentialsEncrypted)).toEqual({ appKey: "sandbox-key", appSecret: "sandbox-secret" });

    const reopened = await editProviderAccountAction({
      accountId: account.id,
      label: "NobePay USD",
      baseUrl: afterBob.baseUrl,
      credentials: {},
      loadedUpdatedAt: afterBob.updatedAt.toISOString(),
    });
    expect(reopened).toMatchObject({ ok: true });
    expect((await accountById(account.id)).label).toBe("NobePay USD");
  });
});
