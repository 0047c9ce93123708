import { EnvError, envProblems, parseEnv, type Env } from "@/lib/env";

function refuse(problems: string[]): never {
  for (const problem of problems) console.error(problem);
  console.error("See README.md, 'Production configuration'.");
  process.exit(1);
}

/**
 * `npm start` and `npm run worker` refuse to start half-configured: one line per missing or invalid variable
 * (lib/env.ts checks every documented one), then a non-zero exit, before anything touches the database or Next.
 */
export function requireProductionEnv(): Env {
  try {
    return parseEnv({ ...process.env, NODE_ENV: "production" });
  } catch (error) {
    refuse(error instanceof EnvError ? error.problems : [error instanceof Error ? error.message : String(error)]);
  }
}

/**
 * `npm run db:migrate` runs the same check, but needs none of the app's secrets: a variable that is set must be
 * valid, one that is not set is not its business (without DATABASE_URL it migrates the dev database).
 */
export function requireValidSetVariables(): void {
  const problems = envProblems(process.env).filter((problem) => !/^[A-Z_]+ is not set\b/.test(problem));
  if (problems.length > 0) refuse(problems);
}
