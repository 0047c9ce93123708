import { redact } from "@/lib/providers/errors";

/** Drizzle's "Failed query: <sql>\nparams: <values>" (its cause is the driver's error): the values are the row's data. */
const FAILED_QUERY = /^Failed query: /;
const QUERY_TABLE = /\b(?:into|from|update)\s+("?[\w.]+"?)/i;
const QUERY_PARAMS = /\n\s*params:[\s\S]*$/;
const MAX_LENGTH = 300;

/**
 * An error as a worker's log line may show it: its name, its code (ECONNREFUSED, a PostgreSQL SQLSTATE) and its
 * message on one line, cut short, with card-number-like runs masked. A failed query is named by its table and its
 * cause, never by its values (names, masked numbers, provider ids).
 */
export function loggableError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error === "string" ? clean(error) : "a rejection that is not an Error";
  if (FAILED_QUERY.test(error.message)) {
    const table = QUERY_TABLE.exec(error.message)?.[1];
    return clean(`Failed query${table ? ` on ${table}` : ""}: ${error.cause instanceof Error ? describe(error.cause) : "no cause given"}`);
  }
  return clean(describe(error));
}

function describe(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === "string" ? ` ${code}` : ""}: ${error.message.replace(QUERY_PARAMS, "")}`;
}

function clean(text: string): string {
  const line = redact(text.replace(QUERY_PARAMS, "")).replace(/\s+/g, " ").trim();
  return line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH - 1)}…` : line;
}
