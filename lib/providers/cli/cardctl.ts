/**
 * cardctl: a small operator CLI over the adapters. Prints only normalized types, which by
 * construction carry no card number, CVV or PIN; there is deliberately no reveal command.
 */
import { stringifyWithMoney } from "@/lib/money";
import { ProviderError, PROVIDER_ERROR_CODES, type ProviderErrorCode } from "@/lib/providers/errors";
import { silentLogger, type ApiDeps } from "@/lib/providers/http";
import { createProvider } from "@/lib/providers/index";
import { credentialsSchemas, parseProviderAccountConfig, providerNameSchema, timeZoneOf } from "@/lib/providers/config";
import { CARD_MODELS, ORDER_TYPES, type CardModel, type OrderType, type ProviderAccountConfig } from "@/lib/providers/types";
import { parseArgs, USAGE, UsageError, type ParsedArgs } from "@/lib/providers/cli/args";
import { storedAccountByLabel } from "@/lib/providers/cli/stored-account";
import { credentialsSource, readCredentials, type CredentialsStdin } from "@/scripts/lib/credentials-input";
import { operatorErrorLine } from "@/scripts/lib/operator-error";

export const EXIT_CODES: Record<ProviderErrorCode | "usage", number> = {
  usage: 2,
  ...(Object.fromEntries(PROVIDER_ERROR_CODES.map((code, i) => [code, i + 3])) as Record<ProviderErrorCode, number>),
};

export type CardctlIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /**
   * Loads a stored account by label (the database path), null when none has it; injectable for tests. A UsageError
   * it throws is the operator's to fix; anything else (database, configuration, key) exits as `unknown` with its cause.
   */
  loadAccount?: (label: string) => Promise<ProviderAccountConfig | null>;
  /** What `--credentials -` reads; the process's stdin unless a test gives another. */
  stdin?: CredentialsStdin;
  deps?: ApiDeps;
};

const CREDENTIALS_ON_COMMAND_LINE =
  "--credentials takes no secret on the command line (every local user can read it in the process list, and it stays in your shell history): pipe the JSON to --credentials - or name a file with --credentials-file PATH";

/** `--account` reads the encrypted account from PostgreSQL (stored-account.ts). */
export async function loadAccountFromDatabase(label: string): Promise<ProviderAccountConfig | null> {
  // Imported lazily: the CLI must work without a database for --provider use.
  const { db, closeDb } = await import("@/db/client");
  try {
    return await storedAccountByLabel(db, label);
  } finally {
    await closeDb();
  }
}

async function flagConfig(args: ParsedArgs, stdin: CredentialsStdin | undefined): Promise<ProviderAccountConfig> {
  const provider = providerNameSchema.safeParse(args.flags.get("provider"));
  if (!provider.success) throw new UsageError("--provider must be cardepass, nobepay or cardopenapi (or use --account <label>)");
  const baseUrl = args.flags.get("base-url");
  if (!baseUrl) throw new UsageError("--base-url is required with --provider");
  const source = credentialsSource({ credentials: args.flags.get("credentials"), "credentials-file": args.flags.get("credentials-file") });
  if (source === null) throw new UsageError("--credentials - (stdin) or --credentials-file PATH is required with --provider");
  if ("error" in source) throw new UsageError(source.error);
  // SECURITY: refused before it is parsed or used, and never repeated: it is a provider secret.
  if (source.kind === "argument") throw new UsageError(CREDENTIALS_ON_COMMAND_LINE);
  let json: unknown;
  try {
    json = await readCredentials(source, stdin);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : "could not read the credentials");
  }
  const creds = credentialsSchemas[provider.data].safeParse(json);
  if (!creds.success) {
    throw new UsageError(`--credentials: ${creds.error.issues.map((i) => `${i.path.join(".") || "value"} ${i.message}`).join("; ")}`);
  }
  return withSettingFlags(args, { id: `cli:${provider.data}:${baseUrl}`, provider: provider.data, baseUrl, credentials: creds.data, settings: {} });
}

/**
 * --time-zone, --api-version and --timeout-ms over the account's settings: a stored account's too, so an operator
 * can read a connected account's times in another zone for this run (nothing is saved).
 */
function withSettingFlags(args: ParsedArgs, config: { settings?: object; [field: string]: unknown }): ProviderAccountConfig {
  const timeoutMs = args.flags.get("timeout-ms");
  try {
    return parseProviderAccountConfig({
      ...config,
      settings: {
        ...config.settings,
        ...(args.flags.has("time-zone") ? { timeZone: args.flags.get("time-zone") } : {}),
        ...(args.flags.has("api-version") ? { apiVersion: args.flags.get("api-version") } : {}),
        ...(timeoutMs ? { timeoutMs: Number(timeoutMs) } : {}),
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : "invalid account options");
  }
}

function pageSize(args: ParsedArgs): number | undefined {
  const value = args.flags.get("page-size");
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new UsageError("--page-size must be a whole number from 1 to 500");
  return n;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(", ")}`);
  return value as T;
}

async function execute(args: ParsedArgs, config: ProviderAccountConfig, deps?: ApiDeps): Promise<unknown> {
  const provider = createProvider(config, deps);
  const id = args.positional[0];
  switch (args.command) {
    case "ping":
      return provider.ping();
    case "products":
      return provider.listProducts();
    case "cards":
      return provider.listCards({ cursor: args.flags.get("cursor"), pageSize: pageSize(args) });
    case "card":
      if (!id) throw new UsageError("card needs a card id: cardctl card <id>");
      return provider.getCard(id);
    case "transactions":
      return provider.listTransactions({
        cardId: args.flags.get("card"),
        from: args.flags.get("from"),
        to: args.flags.get("to"),
        cursor: args.flags.get("cursor"),
        pageSize: pageSize(args),
      });
    case "balances":
      return provider.fundingBalances();
    case "order": {
      if (!id) throw new UsageError("order needs an order id: cardctl order <id>");
      const type = oneOf<OrderType>(args.flags.get("type"), ORDER_TYPES, "type") ?? "issue";
      const model = oneOf<CardModel>(args.flags.get("model"), CARD_MODELS, "model");
      const by = oneOf(args.flags.get("by"), ["provider", "customer"] as const, "by") ?? "provider";
      return provider.getOrder({
        type,
        model,
        cardId: args.flags.get("card"),
        ...(by === "customer" ? { customerOrderNo: id } : { providerOrderId: id }),
      });
    }
    case "help":
      return undefined;
  }
}

/**
 * `order <id>` without --by looks the id up as the provider's. No provider document gives its order ids a format
 * that a UUID (Cardhub's own order id) could not have, so cardctl does not guess from its shape; it says what to try.
 */
function notFoundHint(args: ParsedArgs, error: ProviderError): string {
  if (args.command !== "order" || error.code !== "not_found" || args.flags.has("by")) return "";
  return `\n${args.positional[0] ?? "The id"} was looked up as the provider's order id. If it is Cardhub's own order id (the customer order number Cardhub sends), add --by customer (and --type when it is not an issue).`;
}

/** Runs one cardctl invocation and returns the process exit status. */
export async function runCardctl(argv: readonly string[], io: CardctlIo): Promise<number> {
  let args: ParsedArgs | undefined;
  try {
    args = parseArgs(argv);
    if (args.command === "help") {
      io.stdout(USAGE);
      return 0;
    }
    let config: ProviderAccountConfig;
    const label = args.flags.get("account");
    if (label) {
      if (args.flags.has("provider") || args.flags.has("credentials") || args.flags.has("credentials-file")) {
        throw new UsageError("use either --account or --provider/--base-url/--credentials");
      }
      let loaded: ProviderAccountConfig | null;
      try {
        loaded = await (io.loadAccount ?? loadAccountFromDatabase)(label);
      } catch (error) {
        if (error instanceof UsageError) throw error;
        io.stderr(`unknown: could not load the provider account "${label}": ${operatorErrorLine(error)}`);
        return EXIT_CODES.unknown;
      }
      if (!loaded) throw new UsageError(`No provider account labelled "${label}"`);
      config = withSettingFlags(args, loaded);
    } else {
      config = await flagConfig(args, io.stdin);
    }
    const deps = io.deps ?? (args.flags.has("verbose") ? undefined : { http: { logger: silentLogger } });
    // Naive provider times depend on the zone: say which one this run reads them in, and why.
    const zone = timeZoneOf(config);
    const why = args.flags.has("time-zone")
      ? "--time-zone"
      : zone.source === "account setting"
        ? "the account's setting; --time-zone to read them in another zone for this run"
        : `the ${config.provider} default, as for a connected account without one; --time-zone to change`;
    io.stderr(`cardctl: provider times read in ${zone.timeZone} (${why})\n`);
    io.stdout(stringifyWithMoney(await execute(args, config, deps), 2));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`usage error: ${error.message}\n\n${USAGE}`);
      return EXIT_CODES.usage;
    }
    if (error instanceof ProviderError) {
      const detail = [error.providerCode && `provider code ${error.providerCode}`, error.responseId && `response id ${error.responseId}`].filter(Boolean).join(", ");
      io.stderr(`${error.code}: ${error.message}${detail ? ` (${detail})` : ""}${args ? notFoundHint(args, error) : ""}`);
      return EXIT_CODES[error.code];
    }
    // Unexpected: report the type only; messages of foreign errors could quote request data.
    io.stderr(`unknown: ${error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : "unexpected failure"}`);
    return EXIT_CODES.unknown;
  }
}
