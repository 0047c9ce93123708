import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { activateTotpSecret, findTwoFactorState, replaceRecoveryCodes } from "@/db/queries/two-factor";
import { auditLog } from "@/db/schema/audit";
import { recoveryCodes, userInvitations as invitations } from "@/db/schema/user-credentials";
import { organizations } from "@/db/schema/organizations";
import { organizationSettings } from "@/db/schema/settings";
import { users } from "@/db/schema/users";
import { authenticate } from "@/lib/auth/authenticate";
import { resolveSession } from "@/lib/auth/resolve-session";
import { encryptString } from "@/lib/crypto";
import { getSettings } from "@/lib/settings/get-settings";
import { generateRecoveryCodes } from "@/lib/two-factor/recovery-codes";
import { pendingAccountStep } from "@/lib/two-factor/requirement";
import { currentTotpCode, generateTotpSecret } from "@/lib/two-factor/totp";
import { acceptInvitation } from "@/lib/users/accept-invitation";
import { createPerson } from "@/lib/users/create-person";
import { hashInvitationToken } from "@/lib/users/invitations";
import { withTestDatabase } from "@/test/database";

const database = withTestDatabase();
const run = promisify(execFile);
const APP_URL = "https://cards.acme.example";
const setup = (...args: string[]) =>
  run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/setup.ts", ...args], {
    env: { ...process.env, DATABASE_URL: database.url(), APP_URL },
    timeout: 60_000,
  });
const first = [
  "--organization",
  "Acme Ltd",
  "--admin-email",
  "Ada@Acme.example",
  "--admin-name",
  "Ada Admin",
];
const meta = { ip: "203.0.113.9", userAgent: "vitest" };

function secretsOf(env: NodeJS.ProcessEnv): string[] {
  return [env.AUTH_SECRET, env.ENCRYPTION_KEY, env.AUDIT_HMAC_KEY, new URL(database.url()).password].filter(
    (value): value is string => Boolean(value),
  );
}

/** Chooses a password through a printed link, as the administrator would, then signs in with it. */
async function choosePasswordAndSignIn(token: string, params: { email: string; password: string; ip: string }) {
  await expect(acceptInvitation(database.db(), meta, { token, password: params.password })).resolves.toEqual({ email: params.email.toLowerCase() });
  return authenticate(database.db(), { email: params.email, password: params.password, meta: { ...meta, ip: params.ip } });
}

describe("npm run setup", () => {
  it("refuses bad input on its argument, and a missing argument with the usage, creating nothing", async () => {
    await expect(
      setup("--organization", "Acme Ltd", "--admin-email", "not-an-email", "--admin-name", "Ada Admin"),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("setup: --admin-email: Enter a valid email address."),
    });
    await expect(setup("--organization", "Acme Ltd", "--admin-name", "Ada Admin")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("missing --admin-email"),
    });
    // --dev-database asks for the development database in .data/pg: not the one DATABASE_URL names.
    await expect(setup(...first, "--dev-database")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`setup: --dev-database is for the development database in .data/pg, but DATABASE_URL is set (the database at ${new URL(database.url()).host}/`),
    });
    expect(await database.db().select().from(organizations)).toEqual([]);
  });

  it("creates the organisation with a new organisation's defaults and its admin, whose link sets a password that signs in", async () => {
    const { stdout, stderr } = await setup(...first);
    // Which database was changed: DATABASE_URL's host and database, never its password.
    const { host, pathname } = new URL(database.url());
    expect(stdout.split("\n")[0]).toBe(`Created the organisation "Acme Ltd" and its administrator ada@acme.example in the database at ${host}${pathname}.`);
    const link = stdout.match(new RegExp(`${APP_URL}/invite/([A-Za-z0-9_-]+)`));
    expect(link, stdout).not.toBeNull();
    const token = link![1]!;
    for (const secret of secretsOf(process.env)) expect(stdout + stderr).not.toContain(secret);
    expect(stdout + stderr).not.toMatch(/password\s*[:=]/i);

    const [organization, ...others] = await database.db().select().from(organizations);
    expect(others).toEqual([]);
    expect(organization).toMatchObject({ name: "Acme Ltd" });
    // The defaults any new organisation reads: no stored settings, two-factor required for admin and finance.
    expect(await database.db().select().from(organizationSettings)).toEqual([]);
    expect((await getSettings(database.db(), organization!.id)).twoFactorRequiredRoles).toEqual([
      "admin",
      "finance",
    ]);

    const [admin] = await database
      .db()
      .select()
      .from(users)
      .where(eq(users.organizationId, organization!.id));
    expect(admin).toMatchObject({
      email: "ada@acme.example",
      name: "Ada Admin",
      active: true,
      mustChangePassword: false,
    });
    // Only the link's hash is stored.
    const [invitation] = await database
      .db()
      .select()
      .from(invitations)
      .where(eq(invitations.userId, admin!.id));
    expect(invitation).toMatchObject({
      purpose: "invite",
      tokenHash: hashInvitationToken(token),
      usedAt: null,
    });

    const [row, ...moreRows] = await database.db().select().from(auditLog);
    expect(moreRows).toEqual([]);
    expect(row).toMatchObject({
      action: "user.invited",
      organizationId: organization!.id,
      actorUserId: null,
      actorEmail: expect.stringMatching(/^cli:/),
      targetType: "user",
      targetId: admin!.id,
      summary: {
        after: { name: "Ada Admin", email: "ada@acme.example", roles: ["admin"] },
        method: "invite",
        organizationCreated: { name: "Acme Ltd" },
      },
    });
    expect(JSON.stringify(row!.summary)).not.toContain(token);

    // Before the link is used no password signs in; through the link the admin chooses one and signs in as admin.
    expect(
      await authenticate(database.db(), {
        email: "ada@acme.example",
        password: "correct horse battery staple",
        meta,
      }),
    ).toEqual({ ok: false, reason: "invalid" });
    const signedIn = await choosePasswordAndSignIn(token, { email: "Ada@acme.example", password: "correct horse battery staple", ip: "203.0.113.10" });
    expect(signedIn.ok).toBe(true);
    if (!signedIn.ok) return;
    expect(await resolveSession(database.db(), signedIn.sessionId)).toMatchObject({
      email: "ada@acme.example",
      organizationId: organization!.id,
      roles: ["admin"],
    });
  });

  it("refuses a second run, and creates a further organisation only when asked, never reusing an email", async () => {
    await expect(
      setup(
        "--organization",
        "Other Co",
        "--admin-email",
        "otto@other.example",
        "--admin-name",
        "Otto Other",
      ),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('already has an organisation ("Acme Ltd")'),
    });
    await expect(
      setup(
        "--organization",
        "Other Co",
        "--admin-email",
        "ADA@acme.example",
        "--admin-name",
        "Ada Again",
        "--another-organization",
      ),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("setup: --admin-email: Someone already uses this email address."),
    });
    expect(await database.db().select().from(organizations)).toHaveLength(1);

    const { stdout } = await setup(
      "--organization",
      "Other Co",
      "--admin-email",
      "otto@other.example",
      "--admin-name",
      "Otto Other",
      "--another-organization",
    );
    expect(stdout).toContain(`${APP_URL}/invite/`);
    expect((await database.db().select().from(organizations)).map((item) => item.name).sort()).toEqual([
      "Acme Ltd",
      "Other Co",
    ]);
  });
});

describe("npm run setup -- --new-link", () => {
  const auditCount = async () => (await database.db().select({ id: auditLog.id }).from(auditLog)).length;
  const tokenOf = (stdout: string) => {
    const links = [...stdout.matchAll(new RegExp(`${APP_URL}/invite/([A-Za-z0-9_-]+)`, "g"))];
    expect(links, stdout).toHaveLength(1);
    return links[0]![1]!;
  };
  const userByEmail = async (email: string) =>
    (await database.db().select().from(users).where(eq(users.email, email)))[0]!;
  let firstToken = "";

  it("refuses an unknown email, and bad arguments, changing nothing", async () => {
    const before = await auditCount();
    await expect(setup("--new-link", "nobody@acme.example")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("No one in this installation uses nobody@acme.example."),
    });
    await expect(setup("--new-link", "ada@acme.example", "--organization", "Acme Ltd")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--new-link takes an email address and no --organization"),
    });
    await expect(setup("--reset-password")).rejects.toMatchObject({ code: 2 });
    expect(await auditCount()).toBe(before);
  });

  it("replaces a never-used link of an admin who never signed in: the old link stops working, the new one sets the password, audited", async () => {
    const { stdout: created } = await setup(
      "--organization",
      "New Co",
      "--admin-email",
      "nia@new.example",
      "--admin-name",
      "Nia New",
      "--another-organization",
    );
    firstToken = tokenOf(created);
    const nia = await userByEmail("nia@new.example");
    const hashBefore = nia.passwordHash;

    const { stdout, stderr } = await setup("--new-link", " NIA@new.example ");
    const token = tokenOf(stdout);
    expect(token).not.toBe(firstToken);
    expect(stdout).toContain('New sign-in link for Nia New <nia@new.example>, administrator of "New Co"');
    for (const secret of [...secretsOf(process.env), firstToken, hashBefore]) expect(stdout + stderr).not.toContain(secret);
    expect(stdout + stderr).not.toMatch(/password\s*[:=]/i);

    // The earlier link is revoked, the new one stored only as its hash.
    const links = await database.db().select().from(invitations).where(eq(invitations.userId, nia.id));
    expect(links.find((link) => link.tokenHash === hashInvitationToken(firstToken))).toMatchObject({
      revokedAt: expect.any(Date),
      usedAt: null,
    });
    expect(links.find((link) => link.tokenHash === hashInvitationToken(token))).toMatchObject({
      revokedAt: null,
      usedAt: null,
      createdByUserId: null,
    });

    // Audited as the app audits a new invitation link (Settings → People runs the same resetPassword): a new
    // invitation, not a password reset, since Nia never set one.
    const [row] = await database
      .db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.invitation_reissued"), eq(auditLog.targetId, nia.id)));
    expect(row).toMatchObject({
      organizationId: nia.organizationId,
      actorUserId: null,
      actorEmail: expect.stringMatching(/^cli:/),
      userAgent: "cardhub setup CLI",
      targetType: "user",
    });
    expect(JSON.stringify(row!.summary)).not.toContain(token);

    await expect(
      acceptInvitation(database.db(), meta, { token: firstToken, password: "correct horse battery staple" }),
    ).rejects.toThrow("This link was replaced by a newer one.");
    const signedIn = await choosePasswordAndSignIn(token, { email: "nia@new.example", password: "correct horse battery staple", ip: "203.0.113.11" });
    expect(signedIn.ok).toBe(true);
  });

  it("refuses someone who has signed in, pointing to Reset password in the app, or to --reset-password for the only admin", async () => {
    const before = await auditCount();
    const ada = await userByEmail("ada@acme.example");
    // Ada signed in above and is Acme's only admin.
    await expect(setup("--new-link", "ada@acme.example")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/has a password already.*only active administrator of "Acme Ltd".*--reset-password/s),
    });
    // With a second admin in Acme (invited, never signed in), the app's Reset password is the way, even when asked.
    const second = await createPerson(
      database.db(),
      {
        organizationId: ada.organizationId,
        actorUserId: ada.id,
        actorEmail: ada.email,
        actorRoles: ["admin"],
        ...meta,
      },
      { method: "invite", email: "bea@acme.example", name: "Bea Admin", roles: ["admin"], teams: [] },
    );
    const afterInvite = await auditCount();
    expect(afterInvite).toBe(before + 1);
    for (const extra of [[], ["--reset-password"]]) {
      await expect(setup("--new-link", "ada@acme.example", ...extra)).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('Another administrator of "Acme Ltd" uses "Reset password" for them on Settings → People.'),
      });
    }
    // A non-admin is refused too.
    await createPerson(
      database.db(),
      { organizationId: ada.organizationId, actorUserId: ada.id, actorEmail: ada.email, actorRoles: ["admin"], ...meta },
      { method: "invite", email: "eve@acme.example", name: "Eve Employee", roles: ["employee"], teams: [] },
    );
    await expect(setup("--new-link", "eve@acme.example")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("eve@acme.example is not an administrator."),
    });
    expect(await auditCount()).toBe(afterInvite + 1);
    // Ada's password still works: nothing was reset.
    const signedIn = await authenticate(database.db(), {
      email: "ada@acme.example",
      password: "correct horse battery staple",
      meta: { ...meta, ip: "203.0.113.12" },
    });
    expect(signedIn.ok).toBe(true);

    // The second admin, who never signed in, gets a new link although another admin exists.
    const { stdout } = await setup("--new-link", "bea@acme.example");
    expect(stdout).toContain("New sign-in link for Bea Admin <bea@acme.example>");
    await expect(
      acceptInvitation(database.db(), meta, { token: tokenOf(stdout), password: "another horse battery staple" }),
    ).resolves.toEqual({ email: "bea@acme.example" });
    expect(second.invitation).not.toBeNull();
    await expect(
      acceptInvitation(database.db(), meta, {
        token: new URL(second.invitation!.url).pathname.split("/").pop()!,
        password: "another horse battery staple",
      }),
    ).rejects.toThrow("This link was replaced by a newer one.");
  });

  it("resets the only admin's password with --reset-password: the old one stops working, the new link sets one", async () => {
    const { stdout, stderr } = await setup("--new-link", "nia@new.example", "--reset-password");
    expect(stdout).toContain('Reset the password of Nia New <nia@new.example>, administrator of "New Co"');
    for (const secret of secretsOf(process.env)) expect(stdout + stderr).not.toContain(secret);
    expect(stdout + stderr).not.toContain("correct horse battery staple");
    const token = tokenOf(stdout);
    expect(
      await authenticate(database.db(), {
        email: "nia@new.example",
        password: "correct horse battery staple",
        meta: { ...meta, ip: "203.0.113.13" },
      }),
    ).toEqual({ ok: false, reason: "invalid" });
    await expect(
      acceptInvitation(database.db(), meta, { token, password: "a brand new horse battery" }),
    ).resolves.toEqual({ email: "nia@new.example" });
    const nia = await userByEmail("nia@new.example");
    const rows = await database
      .db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "user.password_reset_issued"), eq(auditLog.targetId, nia.id)));
    // The earlier --new-link was a new invitation (user.invitation_reissued); this is her one reset.
    expect(rows).toHaveLength(1);
  });
});

describe("npm run setup -- --new-link --reset-two-factor", () => {
  const EMAIL = "tia@two.example";
  const PASSWORD = "tia's correct horse battery";
  const auditRows = async () => database.db().select().from(auditLog).orderBy(auditLog.id);
  let secret = "";

  /** Tia, Two Co's only admin: signed in with an authenticator enrolled (as the app stores it) and a session open. */
  async function enrolledAndSignedIn(ip: string): Promise<{ userId: string; sessionId: string; stored: string }> {
    const [tia] = await database.db().select().from(users).where(eq(users.email, EMAIL));
    secret = generateTotpSecret();
    const stored = encryptString(secret);
    await activateTotpSecret(database.db(), { userId: tia!.id, encrypted: stored, step: 0 });
    await replaceRecoveryCodes(database.db(), { userId: tia!.id, hashes: (await generateRecoveryCodes()).hashes });
    // With the authenticator's code, as its owner signs in.
    const signedIn = await authenticate(database.db(), { email: EMAIL, password: PASSWORD, code: currentTotpCode(secret), meta: { ...meta, ip } });
    if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.reason}`);
    expect((await resolveSession(database.db(), signedIn.sessionId))?.hasTotp).toBe(true);
    return { userId: tia!.id, sessionId: signedIn.sessionId, stored };
  }

  function expectNothingSecret(output: string, stored: string): void {
    for (const value of [...secretsOf(process.env), secret, stored, PASSWORD]) expect(output).not.toContain(value);
    expect(output).not.toMatch(/password\s*[:=]|secret\s*[:=]/i);
  }

  it("is refused without --new-link, changing nothing", async () => {
    const before = (await auditRows()).length;
    await expect(setup("--reset-two-factor")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^setup: --reset-two-factor goes with --new-link <email>\.\n/),
    });
    await expect(setup(...first, "--another-organization", "--reset-two-factor")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("setup: --reset-two-factor goes with --new-link <email>."),
    });
    expect((await auditRows()).length).toBe(before);
  });

  it("removes the only admin's authenticator and ends their sessions, audited as the operator; they sign in and enrol again", async () => {
    const { stdout: created } = await setup("--organization", "Two Co", "--admin-email", EMAIL, "--admin-name", "Tia Two", "--another-organization");
    const token = created.match(new RegExp(`${APP_URL}/invite/([A-Za-z0-9_-]+)`))![1]!;
    await acceptInvitation(database.db(), meta, { token, password: PASSWORD });
    const { userId, sessionId, stored } = await enrolledAndSignedIn("203.0.113.20");
    const before = (await auditRows()).length;

    const { stdout, stderr } = await setup("--new-link", EMAIL, "--reset-two-factor");
    expect(stdout).toContain('Removed the two-factor sign-in of Tia Two <tia@two.example>, administrator of "Two Co"');
    expect(stdout).not.toContain("/invite/");
    expectNothingSecret(stdout + stderr, stored);

    // The authenticator and recovery codes are gone and the open session no longer resolves.
    expect(await findTwoFactorState(database.db(), userId)).toMatchObject({ secretEncrypted: null, pendingSecretEncrypted: null });
    expect(await database.db().select().from(recoveryCodes).where(eq(recoveryCodes.userId, userId))).toEqual([]);
    expect(await resolveSession(database.db(), sessionId)).toBeNull();

    // Audited as Settings → People's reset is, with the operator as the actor.
    const rows = (await auditRows()).slice(before);
    const operator = { organizationId: expect.any(String), actorUserId: null, actorEmail: expect.stringMatching(/^cli:/), actorRoles: ["operator"], userAgent: "cardhub setup CLI" };
    expect(rows.find((row) => row.action === "two_factor.reset")).toMatchObject({
      ...operator,
      targetType: "user",
      targetId: userId,
      summary: { before: { twoFactor: true }, after: { twoFactor: false } },
    });
    expect(rows.find((row) => row.action === "auth.session_revoked")).toMatchObject({ ...operator, targetId: sessionId, summary: { reason: "two_factor_reset" } });
    for (const row of rows) expectNothingSecret(JSON.stringify(row, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value)), stored);

    // Their password still works; the first thing asked of them is a new authenticator.
    const signedIn = await authenticate(database.db(), { email: EMAIL, password: PASSWORD, meta: { ...meta, ip: "203.0.113.21" } });
    expect(signedIn.ok).toBe(true);
    if (!signedIn.ok) return;
    const session = await resolveSession(database.db(), signedIn.sessionId);
    expect(session).toMatchObject({ hasTotp: false });
    expect(await pendingAccountStep(database.db(), session!)).toBe("enroll_two_factor");
  });

  it("refuses, changing nothing: no authenticator to reset, another active admin, or not an admin", async () => {
    const before = (await auditRows()).length;
    await expect(setup("--new-link", EMAIL, "--reset-two-factor")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`${EMAIL} has no two-factor sign-in to reset. Nothing was changed.`),
    });
    // Acme has a second admin (above): they reset Ada's two-factor in the app.
    await expect(setup("--new-link", "ada@acme.example", "--reset-two-factor", "--reset-password")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('"Reset two-factor" for them on Settings → People. Nothing was changed.'),
    });
    await expect(setup("--new-link", "eve@acme.example", "--reset-two-factor")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("eve@acme.example is not an administrator."),
    });
    expect((await auditRows()).length).toBe(before);
  });

  it("with --reset-password too, resets both at once: the printed link sets a new password, then they enrol again", async () => {
    const { userId, sessionId, stored } = await enrolledAndSignedIn("203.0.113.22");
    const { stdout, stderr } = await setup("--new-link", EMAIL, "--reset-two-factor", "--reset-password");
    expect(stdout).toContain('Removed the two-factor sign-in of Tia Two <tia@two.example>, administrator of "Two Co"');
    expectNothingSecret(stdout + stderr, stored);
    const links = [...stdout.matchAll(new RegExp(`${APP_URL}/invite/([A-Za-z0-9_-]+)`, "g"))];
    expect(links).toHaveLength(1);

    expect(await findTwoFactorState(database.db(), userId)).toMatchObject({ secretEncrypted: null });
    expect(await resolveSession(database.db(), sessionId)).toBeNull();
    expect(await authenticate(database.db(), { email: EMAIL, password: PASSWORD, meta: { ...meta, ip: "203.0.113.23" } })).toEqual({ ok: false, reason: "invalid" });
    const signedIn = await choosePasswordAndSignIn(links[0]![1]!, { email: EMAIL, password: "tia's brand new horse battery", ip: "203.0.113.24" });
    expect(signedIn.ok).toBe(true);
    if (!signedIn.ok) return;
    expect(await resolveSession(database.db(), signedIn.sessionId)).toMatchObject({ hasTotp: false });
    const actions = (await auditRows()).filter((row) => row.targetId === userId).map((row) => row.action);
    expect(actions.filter((action) => action === "two_factor.reset")).toHaveLength(2);
    expect(actions).toContain("user.password_reset_issued");
  });
});

describe("npm run setup -- --new-link … --even-with-other-admins", () => {
  const PIA = "pia@pair.example";
  const QUINN = "quinn@pair.example";
  const PASSWORD = "pia's correct horse battery";
  const auditRows = async () => database.db().select().from(auditLog).orderBy(auditLog.id);
  const userByEmail = async (email: string) => (await database.db().select().from(users).where(eq(users.email, email)))[0]!;

  /** Pair Co: two administrators, Pia (signed in, an authenticator enrolled) and Quinn; both have lost their way in. */
  async function pairCo(): Promise<{ piaId: string; sessionId: string; stored: string }> {
    const { stdout } = await setup("--organization", "Pair Co", "--admin-email", PIA, "--admin-name", "Pia Pair", "--another-organization");
    await acceptInvitation(database.db(), meta, { token: stdout.match(new RegExp(`${APP_URL}/invite/([A-Za-z0-9_-]+)`))![1]!, password: PASSWORD });
    const pia = await userByEmail(PIA);
    await createPerson(
      database.db(),
      { organizationId: pia.organizationId, actorUserId: pia.id, actorEmail: pia.email, actorRoles: ["admin"], ...meta },
      { method: "invite", email: QUINN, name: "Quinn Pair", roles: ["admin"], teams: [] },
    );
    const secret = generateTotpSecret();
    const stored = encryptString(secret);
    await activateTotpSecret(database.db(), { userId: pia.id, encrypted: stored, step: 0 });
    const signedIn = await authenticate(database.db(), { email: PIA, password: PASSWORD, code: currentTotpCode(secret), meta: { ...meta, ip: "203.0.113.30" } });
    if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.reason}`);
    return { piaId: pia.id, sessionId: signedIn.sessionId, stored };
  }
  let pair: Awaited<ReturnType<typeof pairCo>>;

  it("refuses the operator while another admin exists, naming them and the flag, changing nothing", async () => {
    pair = await pairCo();
    const before = (await auditRows()).length;
    await expect(setup("--new-link", PIA, "--reset-two-factor")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(new RegExp(`"Reset two-factor" for them on Settings → People\\. Nothing was changed\\..*${QUINN}.*--even-with-other-admins`, "s")),
    });
    await expect(setup("--new-link", PIA, "--reset-password")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(new RegExp(`"Reset password" for them on Settings → People\\..*${QUINN}.*--even-with-other-admins`, "s")),
    });
    // The flag only widens a reset: alone, or with a plain new link, it is bad usage.
    await expect(setup("--new-link", PIA, "--even-with-other-admins")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--even-with-other-admins goes with --reset-password or --reset-two-factor"),
    });
    await expect(setup("--even-with-other-admins")).rejects.toMatchObject({ code: 2 });
    expect((await auditRows()).length).toBe(before);
    expect(await findTwoFactorState(database.db(), pair.piaId)).toMatchObject({ secretEncrypted: pair.stored });
    expect(await resolveSession(database.db(), pair.sessionId)).not.toBeNull();
  });

  it("with the flag, resets an admin's two-factor although another admin exists, audited as the operator who overrode it", async () => {
    const before = (await auditRows()).length;
    const { stdout, stderr } = await setup("--new-link", PIA, "--reset-two-factor", "--even-with-other-admins");
    expect(stdout).toContain('Removed the two-factor sign-in of Pia Pair <pia@pair.example>, administrator of "Pair Co"');
    expect(stdout + stderr).toContain(QUINN);
    expect(stdout + stderr).not.toContain(pair.stored);
    expect(stdout).not.toContain("/invite/");

    expect(await findTwoFactorState(database.db(), pair.piaId)).toMatchObject({ secretEncrypted: null });
    expect(await resolveSession(database.db(), pair.sessionId)).toBeNull();
    const rows = (await auditRows()).slice(before);
    expect(rows.find((row) => row.action === "two_factor.reset")).toMatchObject({
      targetId: pair.piaId,
      actorUserId: null,
      actorEmail: expect.stringMatching(/^cli:/),
      actorRoles: ["operator"],
      userAgent: "cardhub setup CLI --even-with-other-admins",
    });
  });

  it("with the flag, resets an admin's password although another admin exists: the printed link sets a new one", async () => {
    const before = (await auditRows()).length;
    const { stdout } = await setup("--new-link", PIA, "--reset-password", "--even-with-other-admins");
    expect(stdout).toContain('Reset the password of Pia Pair <pia@pair.example>, administrator of "Pair Co"');
    expect(stdout).toContain(QUINN);
    const links = [...stdout.matchAll(new RegExp(`${APP_URL}/invite/([A-Za-z0-9_-]+)`, "g"))];
    expect(links).toHaveLength(1);
    expect(await authenticate(database.db(), { email: PIA, password: PASSWORD, meta: { ...meta, ip: "203.0.113.31" } })).toEqual({ ok: false, reason: "invalid" });
    const signedIn = await choosePasswordAndSignIn(links[0]![1]!, { email: PIA, password: "pia's brand new horse battery", ip: "203.0.113.32" });
    expect(signedIn.ok).toBe(true);
    const rows = (await auditRows()).slice(before);
    expect(rows.find((row) => row.action === "user.password_reset_issued")).toMatchObject({
      targetId: pair.piaId,
      actorEmail: expect.stringMatching(/^cli:/),
      userAgent: "cardhub setup CLI --even-with-other-admins",
    });
  });
});

describe("npm run setup without APP_URL", () => {
  it("links to the dev server's address on PORT and says that is where the link starts", async () => {
    const { APP_URL: _unset, ...withoutAppUrl } = process.env;
    const { stdout, stderr } = await run(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "scripts/setup.ts", "--organization", "Port Co", "--admin-email", "pat@port.example", "--admin-name", "Pat Port", "--another-organization"],
      { env: { ...withoutAppUrl, DATABASE_URL: database.url(), PORT: "3350" }, timeout: 60_000 },
    );
    expect(stdout).toMatch(/^ {2}http:\/\/127\.0\.0\.1:3350\/invite\/[A-Za-z0-9_-]+$/m);
    expect(stderr).toContain("setup: APP_URL is not set, so this link starts with http://127.0.0.1:3350.");
  });
});
