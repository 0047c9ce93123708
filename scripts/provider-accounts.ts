import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { asc } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations } from "@/db/schema/organizations";
import { findProviderAccount, listProviderAccounts } from "@/db/queries/provider-accounts";
import { ActionError } from "@/lib/actions/result";
import { PROVIDER_NAMES, type ProviderName } from "@/lib/providers";
import { providerForAccount } from "@/lib/providers/for-account";
import { closeQueue } from "@/lib/jobs/queue";
import { connectProviderAccount } from "@/lib/provider-accounts/connect-account";
import { readAccountSoon } from "@/lib/provider-accounts/read-account-soon";
import { rotateEncryptionKey } from "@/lib/provider-accounts/rotate-key";
import { decodeEncryptionKey } from "@/lib/encryption-key";
import { credentialsSource, readCredentials } from "./lib/credentials-input";
import { openOperatorDb } from "./lib/operator-db";
import { operatorErrorLine, operatorFailureLine } from "./lib/operator-error";
import { printWebhookUrls } from "@/lib/transactions/print-webhook-urls";

const USAGE = `Usage:
  npm run accounts -- list [--organization "<name or id>"]
  npm run accounts -- add [--organization "<name or id>"] --provider cardepass|nobepay|cardopenapi --label "<label>"
                          --base-url <url> (--credentials - | --credentials-file <path> | --credentials '<json>')
                          [--time-zone <IANA zone>] [--api-version <v>] [--no-check]
  npm run accounts -- test [--organization "<name or id>"] --label "<label>"
      --organization picks the organisation (its name or id); required when the installation has several.
  npm run accounts -- rotate-key
      with the current ENCRYPTION_KEY and the new one (32 bytes, hex or base64) in NEW_ENCRYPTION_KEY: re-encrypts
      every provider credential and two-factor secret under the new key, in one transaction; then set ENCRYPTION_KEY
      to the new key and restart (the dev database's key in .data/ is updated for you).
      Keep the key off the command line, where your shell history keeps it. A new key, into a file only you can read:
        (umask 077; node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" > new-encryption-key)
        read -r NEW_ENCRYPTION_KEY < new-encryption-key && export NEW_ENCRYPTION_KEY
      or a key you have, pasted (not shown): read -rs NEW_ENCRYPTION_KEY && export NEW_ENCRYPTION_KEY

Credentials: cardepass {"clientId","clientSecret"} · nobepay {"appKey","appSecret"} · cardopenapi {"customerId","appId","key"}.
  --credentials -            reads that JSON from stdin: piped (e.g. < file), or pasted and ended with Ctrl-D.
  --credentials-file <path>  reads it from a file (keep it readable by you alone: chmod 600).
  --credentials '<json>'     takes it on the command line, where every local user can read it in the process list
                             while the command runs, and it stays in your shell history: prefer stdin or a file.
Uses DATABASE_URL (and ENCRYPTION_KEY), or the dev database in .data/ when DATABASE_URL is unset.`;

const OPTIONS = {
  organization: { type: "string" },
  provider: { type: "string" },
  label: { type: "string" },
  "base-url": { type: "string" },
  credentials: { type: "string" },
  "credentials-file": { type: "string" },
  "time-zone": { type: "string" },
  "api-version": { type: "string" },
  "no-check": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ allowPositionals: true; options: typeof OPTIONS }>>;
  try {
    parsed = parseArgs({ allowPositionals: true, options: OPTIONS });
  } catch (error) {
    console.error(`accounts: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const command = positionals[0];
  if (!command || !["list", "add", "test", "rotate-key"].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  const credentialsFrom = command === "add" ? credentialsSource(values) : null;
  if (credentialsFrom && "error" in credentialsFrom) {
    console.error(`accounts: ${credentialsFrom.error}\n${USAGE}`);
    return 2;
  }
  const operator = await openOperatorDb(`accounts ${command}`);
  try {
    if (command === "rotate-key") {
      if (values.organization !== undefined) {
        console.error("accounts: rotate-key re-encrypts every organisation's secrets; it takes no --organization.");
        return 2;
      }
      return await rotateKey(operator.db);
    }
    const organization = await pickOrganization(operator.db, values.organization);
    if (!organization.ok) {
      console.error(`accounts: ${organization.message}`);
      return organization.code;
    }
    const accounts = await listProviderAccounts(operator.db, { organizationId: organization.id });
    if (command === "list") {
      for (const account of accounts) console.log(`${account.active ? "active  " : "inactive"}  ${account.provider.padEnd(11)}  ${account.label}  ${account.baseUrl}`);
      await printWebhookUrls(operator.db, accounts);
      return 0;
    }
    if (command === "test") {
      const account = accounts.find((item) => item.label === values.label);
      if (!account || !(await findProviderAccount(operator.db, account.id))) throw new Error(`No account of "${organization.name}" is labelled "${values.label ?? ""}".`);
      const result = await (await providerForAccount(operator.db, account.id)).ping();
      console.log(`${account.label}: ${result.message} in ${result.latencyMs} ms`);
      return 0;
    }
    if (!values.provider || !PROVIDER_NAMES.includes(values.provider as ProviderName) || !values.label || !values["base-url"] || !credentialsFrom) {
      console.error(USAGE);
      return 2;
    }
    const credentials = await readCredentials(credentialsFrom);
    const settings = { timeZone: values["time-zone"], apiVersion: values["api-version"] };
    const context = { organizationId: organization.id, actorUserId: null, actorEmail: `cli:${userInfo().username}`, actorRoles: ["operator"], ip: null, userAgent: "cardhub accounts CLI" };
    const { id } = await connectProviderAccount(operator.db, context, {
      organizationId: organization.id,
      provider: values.provider as ProviderName,
      label: values.label,
      baseUrl: values["base-url"],
      credentials,
      settings: Object.values(settings).some(Boolean) ? settings : undefined,
      check: !values["no-check"],
    });
    // The worker reads its products, funding balances and statements at once (its cards at the next cards sync).
    await readAccountSoon(id);
    console.log(
      `Connected "${values.label}" (${id}). A running worker reads its products now and its cards within 5 minutes; "Refresh" on the Products page reads its products at once.`,
    );
    return 0;
  } catch (error) {
    const fields = error instanceof ActionError && error.fields ? ` ${JSON.stringify(error.fields)}` : "";
    console.error(`accounts: ${operatorErrorLine(error)}${fields}`);
    return 1;
  } finally {
    await closeQueue();
    await operator.close();
  }
}

type Organization = typeof organizations.$inferSelect;

/**
 * The organisation a command acts on: the one --organization names (by id, or by name ignoring case), or the only one.
 * With several and no --organization, refused with their names: acting on an arbitrary one is never right.
 */
async function pickOrganization(
  db: Db,
  wanted: string | undefined,
): Promise<(Organization & { ok: true }) | { ok: false; code: number; message: string }> {
  const all = await db.select().from(organizations).orderBy(asc(organizations.name), asc(organizations.id));
  if (all.length === 0) return { ok: false, code: 1, message: "There is no organisation in this database yet (run `npm run setup`)." };
  const names = all.map((item) => `  ${JSON.stringify(item.name)}  (${item.id})`).join("\n");
  if (wanted === undefined) {
    if (all.length === 1) return { ...all[0]!, ok: true };
    return {
      ok: false,
      code: 2,
      message: `This installation has ${all.length} organisations; say which one with --organization "<name or id>":\n${names}`,
    };
  }
  const key = wanted.trim();
  const byId = all.filter((item) => item.id === key.toLowerCase());
  const matches = byId.length > 0 ? byId : all.filter((item) => item.name.trim().toLowerCase() === key.toLowerCase());
  if (matches.length === 1) return { ...matches[0]!, ok: true };
  if (matches.length > 1) {
    return { ok: false, code: 1, message: `Several organisations are named ${JSON.stringify(key)}; give its id with --organization:\n${names}` };
  }
  return { ok: false, code: 1, message: `No organisation is named ${JSON.stringify(key)} or has that id. The organisations:\n${names}` };
}

async function rotateKey(db: Db): Promise<number> {
  const oldKey = process.env.ENCRYPTION_KEY;
  const newKey = process.env.NEW_ENCRYPTION_KEY;
  if (!oldKey || !newKey) {
    console.error("rotate-key needs the current ENCRYPTION_KEY and the new key in NEW_ENCRYPTION_KEY.");
    return 2;
  }
  try {
    decodeEncryptionKey(newKey);
  } catch {
    // Named, so the operator does not "fix" the current key in the middle of a rotation.
    console.error("accounts: NEW_ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64; nothing was changed.");
    return 2;
  }
  const context = { organizationId: null, actorUserId: null, actorEmail: `cli:${userInfo().username}`, actorRoles: ["operator"], ip: null, userAgent: "cardhub accounts CLI" };
  const summary = await rotateEncryptionKey(db, context, { oldKey, newKey });
  const devSecrets = path.join(".data", "dev-secrets.json");
  if (existsSync(devSecrets)) {
    const secrets = JSON.parse(readFileSync(devSecrets, "utf8")) as Record<string, string>;
    if (secrets.ENCRYPTION_KEY === oldKey) writeFileSync(devSecrets, JSON.stringify({ ...secrets, ENCRYPTION_KEY: newKey }, null, 2), { mode: 0o600 });
  }
  console.log(
    `Re-encrypted ${summary.providerAccounts} provider account(s) and ${summary.authenticators} two-factor secret(s). ` +
      "Set ENCRYPTION_KEY to the new key and restart the web servers and workers now.",
  );
  return 0;
}

process.exit(
  await main().catch((error: unknown) => {
    console.error(operatorFailureLine("accounts", error));
    return 1;
  }),
);
