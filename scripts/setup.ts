import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { findPerson, lockOrganization } from "@/db/queries/people";
import { findTwoFactorState } from "@/db/queries/two-factor";
import { findUserByEmail } from "@/db/queries/users";
import { organizations } from "@/db/schema/organizations";
import { ActionError } from "@/lib/actions/result";
import { createOrganizationWithAdmin } from "@/lib/organizations/create-organization";
import { evenWithOtherAdminsHint, issueNewAdminLink, type NewAdminLink } from "@/lib/organizations/new-admin-link";
import { otherActiveAdminEmails } from "@/lib/organizations/other-active-admins";
import type { AdminContext } from "@/lib/users/admin-context";
import { resetTwoFactor } from "@/lib/users/reset-two-factor";
import { openOperatorDb, SET_THE_VARIABLES, type OperatorDb } from "./lib/operator-db";
import { operatorFailureLine } from "./lib/operator-error";

const USAGE = `Usage: npm run setup -- --organization "<name>" --admin-email <email> --admin-name "<name>" [--another-organization] [--dev-database]
       npm run setup -- --new-link <admin email> [--reset-password] [--reset-two-factor] [--even-with-other-admins]

Creates an organisation and its first administrator, and prints a single-use sign-in link (valid seven days, based on
APP_URL) through which that administrator chooses a password. No password is asked for, printed or stored.
Refused when the installation already has an organisation, unless --another-organization is given.

--new-link replaces a lost or expired link of an administrator who has never set a password: it prints a new one
(seven days) and the earlier one stops working. Refused for someone who has signed in: another administrator uses
"Reset password" on Settings → People. Only when they are their organisation's only active administrator does
--reset-password reset their password here (it stops working, their sessions end, the new link sets a new one), and
--reset-two-factor remove their authenticator and recovery codes (their sessions end; they set up a new authenticator
at their next sign-in). The two may be combined. When the other active administrators cannot sign in either (they
lost their authenticators too), --even-with-other-admins allows either reset all the same; the refusal names them,
and the audit log records the reset as yours with that flag.
Uses DATABASE_URL (run \`npm run db:migrate\` or \`npm start\` once first). Without it, the development database
\`npm run dev\` made in .data/pg (none there: refused), where the demo seed owns the organisations: an organisation is
created there only with --dev-database. The first line says which database was changed.`;

const FLAGS: Record<string, string> = {
  organizationName: "--organization",
  adminEmail: "--admin-email",
  adminName: "--admin-name",
  anotherOrganization: "--another-organization",
};

/** openOperatorDb, or null with its one-line reason printed (no database URL and no development database). */
async function openDatabase(): Promise<OperatorDb | null> {
  try {
    return await openOperatorDb("setup");
  } catch (error) {
    console.error(operatorFailureLine("setup", error));
    return null;
  }
}


/** The link an administrator is given, with a warning when APP_URL will not make it reachable. Never a password. */
function printSingleUseLink(link: { url: string; expiresAt: Date }, appUrlUnset: boolean): void {
  console.log(`Hand this single-use link to them (valid until ${link.expiresAt.toISOString()}); they choose their password there:`);
  console.log(`  ${link.url}`);
  if (appUrlUnset) {
    console.error(
      `setup: APP_URL is not set, so this link starts with ${new URL(link.url).origin}. Set APP_URL to the address people open (the web app needs it too), or replace that part of the link.`,
    );
  }
}
async function main(): Promise<number> {
  let values: {
    organization?: string;
    "admin-email"?: string;
    "admin-name"?: string;
    "another-organization"?: boolean;
    "dev-database"?: boolean;
    "new-link"?: string;
    "reset-password"?: boolean;
    "reset-two-factor"?: boolean;
    "even-with-other-admins"?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        organization: { type: "string" },
        "admin-email": { type: "string" },
        "admin-name": { type: "string" },
        "another-organization": { type: "boolean" },
        "dev-database": { type: "boolean" },
        "new-link": { type: "string" },
        "reset-password": { type: "boolean" },
        "reset-two-factor": { type: "boolean" },
        "even-with-other-admins": { type: "boolean" },
        help: { type: "boolean" },
      },
    }));
  } catch (error) {
    console.error(`setup: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values["new-link"] !== undefined) return newLink(values["new-link"], values);
  for (const flag of ["reset-password", "reset-two-factor", "even-with-other-admins"] as const) {
    if (values[flag]) {
      console.error(`setup: --${flag} goes with --new-link <email>.\n\n${USAGE}`);
      return 2;
    }
  }
  const missing = (["organization", "admin-email", "admin-name"] as const)
    .filter((name) => values[name] === undefined)
    .map((name) => `--${name}`);
  if (missing.length > 0) {
    console.error(`setup: missing ${missing.join(", ")}.\n\n${USAGE}`);
    return 2;
  }
  const operator = await openDatabase();
  if (!operator) return 1;
  try {
    if (operator.development !== (values["dev-database"] ?? false)) {
      console.error(
        operator.development
          ? `setup: DATABASE_URL is not set, so this would act on the development database in .data/pg, whose organisations the demo seed owns and which \`npm start\` with your DATABASE_URL never reads. ${SET_THE_VARIABLES}, or add --dev-database to create it in the development database all the same. Nothing was created.`
          : `setup: --dev-database is for the development database in .data/pg, but DATABASE_URL is set (${operator.where}). Nothing was created.`,
      );
      return operator.development ? 1 : 2;
    }
    // Read after openOperatorDb, which loads .env.
    const appUrlUnset = !process.env.APP_URL;
    const created = await createOrganizationWithAdmin(operator.db, cliContext("cardhub setup CLI"), {
      organizationName: values.organization!,
      adminEmail: values["admin-email"]!,
      adminName: values["admin-name"]!,
      anotherOrganization: values["another-organization"] ?? false,
    });
    console.log(
      `Created the organisation "${values.organization!.trim()}" and its administrator ${values["admin-email"]!.trim().toLowerCase()} in ${operator.where}.`,
    );
    printSingleUseLink(created.invitation, appUrlUnset);
    console.log(
      "Two-factor sign-in is required for admins by default: they set up an authenticator right after the first sign-in.",
    );
    return 0;
  } catch (error) {
    if (error instanceof ActionError && error.fields?.anotherOrganization) {
      console.error(
        `setup: ${error.message} Nothing was created. To create a further organisation beside it, add --another-organization.`,
      );
      return 1;
    }
    if (error instanceof ActionError && error.fields) {
      for (const [field, message] of Object.entries(error.fields))
        console.error(`setup: ${FLAGS[field] ?? field}: ${message}`);
      return 1;
    }
    console.error(`setup: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await operator.close();
  }
}

function cliContext(userAgent: string) {
  return { actorEmail: `cli:${userInfo().username}`, actorRoles: ["operator"], ip: null, userAgent };
}

/** Said once the operator went past an organisation's other active administrators; usually there are none. */
function printOtherAdmins(organizationName: string, others: readonly string[]): void {
  if (others.length === 0) return;
  console.log(
    `"${organizationName}" has other active administrators, who were not asked: ${others.join(", ")}. Tell them of this reset; the audit log records it as yours, with --even-with-other-admins.`,
  );
}

async function newLink(
  email: string,
  values: {
    organization?: string;
    "admin-email"?: string;
    "admin-name"?: string;
    "another-organization"?: boolean;
    "dev-database"?: boolean;
    "reset-password"?: boolean;
    "reset-two-factor"?: boolean;
    "even-with-other-admins"?: boolean;
  },
): Promise<number> {
  const others = (["organization", "admin-email", "admin-name", "another-organization", "dev-database"] as const).filter(
    (name) => values[name] !== undefined,
  );
  if (others.length > 0 || !email.trim()) {
    console.error(
      `setup: --new-link takes an email address and no ${others.map((name) => `--${name}`).join(", ") || "other option"}.\n\n${USAGE}`,
    );
    return 2;
  }
  const evenWithOtherAdmins = values["even-with-other-admins"] ?? false;
  if (evenWithOtherAdmins && !values["reset-password"] && !values["reset-two-factor"]) {
    console.error(`setup: --even-with-other-admins goes with --reset-password or --reset-two-factor.\n\n${USAGE}`);
    return 2;
  }
  // The operator's context on every audit row of this run; it names the override when one was asked for.
  const context = cliContext(evenWithOtherAdmins ? "cardhub setup CLI --even-with-other-admins" : "cardhub setup CLI");
  const operator = await openDatabase();
  if (!operator) return 1;
  try {
    const appUrlUnset = !process.env.APP_URL;
    if (values["reset-two-factor"]) {
      const reset = await resetAdminTwoFactor(operator.db, context, {
        email,
        resetPassword: values["reset-password"] ?? false,
        evenWithOtherAdmins,
      });
      console.log(
        `Removed the two-factor sign-in of ${reset.name} <${reset.email}>, administrator of "${reset.organizationName}" in ${operator.where}: their authenticator and recovery codes no longer work and their sessions ended.`,
      );
      printOtherAdmins(reset.organizationName, reset.otherActiveAdmins);
      if (!reset.link) {
        console.log(
          "They sign in with their current password; where their role requires two-factor sign-in (admins' does by default) they set up a new authenticator right after.",
        );
        return 0;
      }
      console.log("Their password was reset too: it no longer works. They choose a new one through the link below, then set up a new authenticator.");
      printSingleUseLink(reset.link, appUrlUnset);
      return 0;
    }
    const link = await issueNewAdminLink(operator.db, context, {
      email,
      resetSignedIn: values["reset-password"] ?? false,
      evenWithOtherAdmins,
    });
    console.log(
      link.kind === "invitation"
        ? `New sign-in link for ${link.name} <${link.email}>, administrator of "${link.organizationName}" in ${operator.where}; their earlier link no longer works.`
        : `Reset the password of ${link.name} <${link.email}>, administrator of "${link.organizationName}" in ${operator.where}: their old password no longer works and their sessions ended.`,
    );
    printOtherAdmins(link.organizationName, link.otherActiveAdmins);
    printSingleUseLink(link, appUrlUnset);
    return 0;
  } catch (error) {
    console.error(`setup: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await operator.close();
  }
}

/**
 * --new-link <email> --reset-two-factor: for an organisation's only active administrator, whom no one can help from
 * Settings → People, or, with --even-with-other-admins, for one whose fellow administrators cannot sign in either.
 * Their authenticator and recovery codes go through the same function as that page's "Reset two-factor"
 * (lib/users/reset-two-factor: sessions ended, audited as two_factor.reset), here by the operator, as --reset-password
 * is: no person, actorUserId null. With --reset-password the password is reset in the same transaction
 * (issueNewAdminLink), so any refusal changes nothing. SECURITY: no secret is read, printed or stored. The refusal
 * while another admin exists stays the default: they reset it in the app, under their own name; the operator goes past
 * them only when told to, and the audit rows say so (the context's user agent names the flag).
 */
async function resetAdminTwoFactor(
  db: Db,
  context: ReturnType<typeof cliContext>,
  input: { email: string; resetPassword: boolean; evenWithOtherAdmins: boolean },
): Promise<{ email: string; name: string; organizationName: string; link: NewAdminLink | null; otherActiveAdmins: string[] }> {
  const email = input.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    // Both plain functions take a Db; given this transaction they run as savepoints of it.
    const inTransaction = tx as unknown as Db;
    const user = await findUserByEmail(tx, email);
    if (!user) throw new ActionError("not_found", `No one in this installation uses ${email}. Nothing was changed.`);
    // Serialises with demotions and a second admin being made (lib/users/last-admin), as issueNewAdminLink does.
    await lockOrganization(tx, user.organizationId);
    const person = await findPerson(tx, user.id);
    const [organization] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, user.organizationId));
    const org = `"${organization?.name ?? ""}"`;
    if (!person || !person.roles.includes("admin")) {
      throw new ActionError("conflict", `${email} is not an administrator. An administrator of ${org} resets their two-factor sign-in on Settings → People. Nothing was changed.`);
    }
    if (!person.active) {
      throw new ActionError("conflict", `${email} is deactivated. Another administrator of ${org} reactivates them on Settings → People first. Nothing was changed.`);
    }
    const otherActiveAdmins = await otherActiveAdminEmails(tx, { organizationId: person.organizationId, exceptUserId: person.id });
    if (otherActiveAdmins.length > 0 && !input.evenWithOtherAdmins) {
      throw new ActionError(
        "conflict",
        `${email} is not the only active administrator of ${org}: another one uses "Reset two-factor" for them on Settings → People. Nothing was changed. ` +
          evenWithOtherAdminsHint(otherActiveAdmins, "--reset-two-factor"),
      );
    }
    if (!(await findTwoFactorState(tx, person.id))?.secretEncrypted) {
      throw new ActionError(
        "conflict",
        `${email} has no two-factor sign-in to reset${input.resetPassword ? " (leave out --reset-two-factor to reset only their password)" : ""}. Nothing was changed.`,
      );
    }
    // resetTwoFactor is typed for a person administering; its only use of actorUserId, refusing to reset one's own,
    // cannot match null. The audit row names the operator (cli:<login>, role operator), as for every setup action.
    const operator = { ...context, organizationId: person.organizationId, actorUserId: null } as unknown as AdminContext;
    await resetTwoFactor(inTransaction, operator, { userId: person.id });
    const link = input.resetPassword ? await issueNewAdminLink(inTransaction, context, { email, resetSignedIn: true, evenWithOtherAdmins: input.evenWithOtherAdmins }) : null;
    return { email: person.email, name: person.name, organizationName: organization?.name ?? "", link, otherActiveAdmins };
  });
}

process.exit(await main());
