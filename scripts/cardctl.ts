/** `npm run cardctl -- <command> [options]`: see lib/providers/cli/args.ts for usage. */
import { runCardctl } from "@/lib/providers/cli/cardctl";
import { storedAccountByLabel } from "@/lib/providers/cli/stored-account";
import { openOperatorDb } from "./lib/operator-db";

const code = await runCardctl(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  // --account: the stored account, from DATABASE_URL's database or the dev database in .data/.
  loadAccount: async (label) => {
    const operator = await openOperatorDb("cardctl");
    try {
      return await storedAccountByLabel(operator.db, label);
    } finally {
      await operator.close();
    }
  },
});
// Explicit: the embedded database's exit hooks must not change the command's exit code.
process.exit(code);
