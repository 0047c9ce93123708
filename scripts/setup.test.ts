import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema/audit";
import { userInvitations as invitations } from "@/db/schema/user-credentials";
import { organizations } from "@/db/schema/organizations";
import { organizationSettings } from "@/db/schema/settings";
import { users } from "@/db/schema/users";
import { authenticate } from "@/lib/auth/authenticate";
import { resolveSession } from "@/lib/auth/resolve-session";
import { getSettings } from "@/lib/settings/get-settings";
import { acceptInvitation } from "@/lib/users/accept-invitation";
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
    expect(await database.db().select().from(organizations)).toEqual([]);
  });

  it("creates the organisation with a new organisation's defaults and its admin, whose link sets a password that signs in", async () => {
    const { stdout, stderr } = await setup(...first);
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
    await expect(
      acceptInvitation(database.db(), meta, { token, password: "correct horse battery staple" }),
    ).resolves.toEqual({ email: "ada@acme.example" });
    const signedIn = await authenticate(database.db(), {
      email: "Ada@acme.example",
      password: "correct horse battery staple",
      meta: { ...meta, ip: "203.0.113.10" },
    });
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
