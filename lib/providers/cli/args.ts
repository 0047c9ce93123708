/** Argument parsing for cardctl: `<command> [positional] --flag value ...`. */
import { ORDER_TYPES } from "@/lib/providers/types";

export const COMMANDS = ["ping", "products", "cards", "card", "transactions", "balances", "order", "help"] as const;
export type Command = (typeof COMMANDS)[number];

export type ParsedArgs = { command: Command; positional: string[]; flags: Map<string, string> };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const VALUE_FLAGS = new Set([
  "provider",
  "base-url",
  "credentials",
  "credentials-file",
  "account",
  "card",
  "from",
  "to",
  "cursor",
  "page-size",
  "type",
  "model",
  "time-zone",
  "api-version",
  "timeout-ms",
  "by",
]);
const BOOLEAN_FLAGS = new Set(["verbose"]);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  // --help or -h anywhere, as with `cardctl order --help`: the help, not a usage error.
  if (argv.some((arg) => arg === "--help" || arg === "-h")) return { command: "help", positional: [], flags: new Map() };
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") continue;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      if (BOOLEAN_FLAGS.has(name)) {
        flags.set(name, "true");
        continue;
      }
      if (!VALUE_FLAGS.has(name)) throw new UsageError(`Unknown option --${name}`);
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || (eq === -1 && value.startsWith("--"))) throw new UsageError(`Option --${name} needs a value`);
      flags.set(name, value);
    } else {
      positional.push(arg);
    }
  }
  const command = positional.shift() ?? "help";
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`Unknown command "${command}"`);
  return { command: command as Command, positional, flags };
}

export const USAGE = `cardctl: operator CLI over the card provider adapters

Usage: npm run cardctl -- <command> [options]       (--help or -h: this text)

Commands:
  ping                                   check credentials and reachability
  products                               list products / BINs / card segments
  cards [--cursor C] [--page-size N]     list cards (masked numbers only)
  card <id>                              one card (masked number only)
  transactions [--card <id>] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--cursor C] [--page-size N]
  balances                               funding account balances
  order <id> [--by provider|customer] [--type T] [--model M] [--card <id>]
                                         one order's state at the provider. <id> is the provider's order id
                                         (Cardepass orderNo, Card OPEN-API order_id; NobePay keeps no orders:
                                         the card's id). --by customer: <id> is Cardhub's own order id, the
                                         customer order number Cardhub sends (a UUID: an order's orderId in the audit log)
    --type   the kind of order: ${ORDER_TYPES.join(", ")} (issue when not given)
    --model  Cardepass only, whose orders are kept per card model: sharebalance or standard (when not
             given, the --card's model, else both are tried)
    --card   the card the order is for: NobePay and Card OPEN-API read a freeze, unfreeze, activation or
             cancellation from the card's state, and NobePay an issue too

Account (one of):
  --provider cardepass|nobepay|cardopenapi --base-url URL (--credentials - | --credentials-file PATH)
                                         the credentials' JSON from stdin (piped, or pasted and ended with
                                         Ctrl-D) or from a file (chmod 600); never on the command line, where
                                         the process list and your shell history would show it
  --account <label>                      a provider account stored in the database
  either one with [--time-zone IANA] [--api-version v1] [--timeout-ms N]
                                         (over a stored account's settings for this run; nothing is saved)

Output is normalized JSON on stdout (money as {"amount":"12.34","currency":"USD"}).
On failure: the error code and message on stderr, exit status per code
(2 usage, 3 auth, 4 not_found, 5 invalid_request, 6 insufficient_funds, 7 duplicate,
8 rate_limited, 9 unavailable, 10 unsupported, 11 unknown: anything else, such as an --account
that cannot be loaded, with its cause: the database's reason, the configuration, or an ENCRYPTION_KEY that does
not decrypt it).
Card numbers, CVVs and PINs are never printed.`;
