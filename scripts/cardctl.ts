/** `npm run cardctl -- <command> [options]`: see lib/providers/cli/args.ts for usage. */
import { runCardctl } from "@/lib/providers/cli/cardctl";

void runCardctl(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
}).then((code) => {
  process.exitCode = code;
});
