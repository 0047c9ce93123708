import { prepareForStart } from "./lib/prepare-for-start";
import { requireProductionEnv } from "./lib/production-env";

/**
 * The first half of `npm start`: refuse to start half-configured (one line per wrong variable), then make sure the
 * database is ready (scripts/lib/prepare-for-start.ts), then exit. package.json then `exec`s `next start` in the same
 * shell, so Next is the only process that stays resident: no wrapper beside it to relay signals or swallow its exit code.
 */
const env = requireProductionEnv();
await prepareForStart(env, "start");
