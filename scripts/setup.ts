import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { ActionError } from "@/lib/actions/result";
import { createOrganizationWithAdmin } from "@/lib/organizations/create-organization";
import { issueNewAdminLink } from "@/lib/organizations/new-admin-link";
import { openOperatorDb } from "./lib/operator-db";

const USAGE = `Usage: npm run setup -- --organization "<name>" --admin-email <email> --admin-name "<name>" [--another-organization]
       npm run setup -- --new-link <admin email> [--reset-password]

Creates an organisation and its first administrator, and prints a single-use sign-in link (valid seven days, based on
APP_URL) through which that administrator chooses a password. No password is asked for, printed or stored.
Refused when the installation already has an organisation, unless --another-organization is given.

--new-link replaces a lost or expired link of an administrator who has never set a password: it prints a new one
(seven days) and the earlier one stops working. Refused for someone who has signed in: another administrator uses
"Reset password" on Settings → People. Only when they are their organisation's only active administrator does
--reset-password reset their password here (it stops working, their sessions end, the new link sets a new one).
Uses DATABASE_URL (run \`npm run db:migrate\` or \`npm start\` once first), or the dev database in .data/ when it is unset.`;

const FLAGS: Record<string, string> = {
  organizationName: "--organization",
  adminEmail: "--admin-email",
  adminName: "--admin-name",
  anotherOrganization: "--another-organization",
};

async function main(): Promise<number> {
  let values: {
    organization?: string;
    "admin-email"?: string;
    "admin-name"?: string;
    "another-organization"?: boolean;
    "new-link"?: string;
    "reset-password"?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        organization: { type: "string" },
        "admin-email": { type: "string" },
        "admin-name": { type: "string" },
        "another-organization": { type: "boolean" },
        "new-link": { type: "string" },
        "reset-password": { type: "boolean" },
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
  if (values["reset-password"]) {
    console.error(`setup: --reset-password goes with --new-link <email>.\n\n${USAGE}`);
    return 2;
  }
  const missing = (["organization", "admin-email", "admin-name"] as const)
    .filter((name) => values[name] === undefined)
    .map((name) => `--${name}`);
  if (missing.length > 0) {
    console.error(`setup: missing ${missing.join(", ")}.\n\n${USAGE}`);
    return 2;
  }
  const operator = await openOperatorDb("setup");
  try {
    // Read after openOperatorDb, which loads .env.
    const appUrlUnset = !process.env.APP_URL;
    const created = await createOrganizationWithAdmin(operator.db, cliContext("cardhub setup CLI"), {
      organizationName: values.organization!,
      adminEmail: values["admin-email"]!,
      adminName: values["admin-name"]!,
      anotherOrganization: values["another-organization"] ?? false,
    });
    console.log(
      `Created the organisation "${values.organization!.trim()}" and its administrator ${values["admin-email"]!.trim().toLowerCase()}.`,
    );
    console.log(
      `Hand this single-use link to them (valid until ${created.invitation.expiresAt.toISOString()}); they choose their password there:`,
    );
    console.log(`  ${created.invitation.url}`);
    if (appUrlUnset)
      console.error(
        "setup: APP_URL is not set, so this link starts with http://127.0.0.1:3000. Set APP_URL to the address people open (the web app needs it too), or replace that part of the link.",
      );
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

async function newLink(
  email: string,
  values: { organization?: string; "admin-email"?: string; "admin-name"?: string; "another-organization"?: boolean; "reset-password"?: boolean },
): Promise<number> {
  const others = (["organization", "admin-email", "admin-name", "another-organization"] as const).filter(
    (name) => values[name] !== undefined,
  );
  if (others.length > 0 || !email.trim()) {
    console.error(
      `setup: --new-link takes an email address and no ${others.map((name) => `--${name}`).join(", ") || "other option"}.\n\n${USAGE}`,
    );
    return 2;
  }
  const operator = await openOperatorDb("setup");
  try {
    const appUrlUnset = !process.env.APP_URL;
    const link = await issueNewAdminLink(operator.db, cliContext("cardhub setup CLI"), {
      email,
      resetSignedIn: values["reset-password"] ?? false,
    });
    console.log(
      link.kind === "invitation"
        ? `New sign-in link for ${link.name} <${link.email}>, administrator of "${link.organizationName}"; their earlier link no longer works.`
        : `Reset the password of ${link.name} <${link.email}>, administrator of "${link.organizationName}": their old password no longer works and their sessions ended.`,
    );
    console.log(
      `Hand this single-use link to them (valid until ${link.expiresAt.toISOString()}); they choose their password there:`,
    );
    console.log(`  ${link.url}`);
    if (appUrlUnset)
      console.error(
        "setup: APP_URL is not set, so this link starts with http://127.0.0.1:3000. Set APP_URL to the address people open (the web app needs it too), or replace that part of the link.",
      );
    return 0;
  } catch (error) {
    console.error(`setup: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await operator.close();
  }
}

process.exit(await main());
