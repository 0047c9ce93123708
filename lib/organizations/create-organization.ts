import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { findAnyOrganization, insertOrganization } from "@/db/queries/organizations";
import { emailTaken, insertUser, replaceUserRoles } from "@/db/queries/people";
import { ActionError } from "@/lib/actions/result";
import { record, type AuditContext } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { issueInvitation } from "@/lib/users/invitations";
import { createPersonSchema } from "@/lib/users/schemas";

const SETUP_LOCK = 72_600_031;

// The person's fields exactly as Settings → People validates them.
const inviteFields = createPersonSchema.options[0].shape;

export const createOrganizationSchema = z.object({
  organizationName: z
    .string()
    .trim()
    .min(1, "Enter the organisation's name.")
    .max(200, "Use at most 200 characters."),
  adminEmail: inviteFields.email,
  adminName: inviteFields.name,
  /** Without it, an installation that already has an organisation is refused: setup is for the first one. */
  anotherOrganization: z.boolean().default(false),
});
export type CreateOrganizationInput = z.input<typeof createOrganizationSchema>;

export type CreatedOrganization = {
  organizationId: string;
  userId: string;
  invitation: { url: string; expiresAt: Date };
};

/**
 * Creates an organisation and its first administrator, who gets a single-use sign-in link (seven days), as a person
 * invited from Settings → People does. The organisation gets only its row: like any new organisation its settings
 * are the defaults (two-factor required for admin and finance; lib/settings/schema.ts) and, without an approval
 * policy, every request goes to finance (lib/requests/policy.ts). SECURITY: no password exists until the admin
 * chooses one through the link; the audit row holds neither a password nor the link.
 */
export async function createOrganizationWithAdmin(
  db: Db,
  context: Omit<AuditContext, "organizationId" | "actorUserId">,
  input: CreateOrganizationInput,
): Promise<CreatedOrganization> {
  const parsed = createOrganizationSchema.safeParse(input);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0])] ??= issue.message;
    throw new ActionError("invalid_input", Object.values(fields).join(" "), fields);
  }
  const values = parsed.data;
  const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));
  return db.transaction(async (tx) => {
    // Two setups at once would each see an empty installation.
    await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK})`);
    const existing = await findAnyOrganization(tx);
    if (existing && !values.anotherOrganization) {
      throw new ActionError(
        "conflict",
        `This installation already has an organisation ("${existing.name}"); its administrators add people from Settings → People.`,
        {
          anotherOrganization: "An organisation exists already.",
        },
      );
    }
    if (await emailTaken(tx, values.adminEmail)) {
      throw new ActionError("conflict", "Someone already uses this email address.", {
        adminEmail: "Someone already uses this email address.",
      });
    }
    const organizationId = await insertOrganization(tx, { name: values.organizationName });
    const userId = await insertUser(tx, {
      organizationId,
      email: values.adminEmail,
      name: values.adminName,
      passwordHash,
      mustChangePassword: false,
    });
    await replaceUserRoles(tx, { userId, roles: ["admin"] });
    const invitation = await issueInvitation(tx, { userId, purpose: "invite", createdByUserId: null });
    await record(
      tx,
      { ...context, organizationId, actorUserId: null },
      {
        action: "user.invited",
        targetType: "user",
        targetId: userId,
        summary: {
          after: { name: values.adminName, email: values.adminEmail, roles: ["admin"], teams: [] },
          method: "invite",
          invitationExpiresAt: invitation.expiresAt,
          organizationCreated: { id: organizationId, name: values.organizationName },
        },
      },
    );
    return { organizationId, userId, invitation };
  });
}
