import pg from "pg";
import { EnvError } from "@/lib/env";
import { loggableError } from "@/lib/jobs/loggable-error";
import { NoDatabaseError } from "./no-database-error";

/**
 * Why an operator command failed, in words that point at the cause, as `npm start` and `db:migrate` say it: every
 * configuration problem on a line of its own; a database or system error by its cause (a failed query by its table
 * and cause, never its SQL parameters); the command's own messages as they are.
 */
export function operatorErrorLine(error: unknown): string {
  if (error instanceof EnvError) return error.message;
  if (!(error instanceof Error)) return loggableError(error);
  const fromDriverOrSystem = error.message.startsWith("Failed query: ") || error instanceof pg.DatabaseError || "syscall" in error || error instanceof AggregateError;
  if (fromDriverOrSystem) return loggableError(error);
  if (error.cause instanceof Error) return `${error.message}: ${loggableError(error.cause)}`;
  return error.message;
}

/**
 * The one line an operator command prints when it fails: its name, then why, said once. A NoDatabaseError's message
 * already starts with the command (and its subcommand), so it is the line as it is.
 */
export function operatorFailureLine(command: string, error: unknown): string {
  if (error instanceof NoDatabaseError) return error.message;
  return `${command}: ${operatorErrorLine(error)}`;
}
