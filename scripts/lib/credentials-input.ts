import { readFile } from "node:fs/promises";

/**
 * Where `accounts add` and `cardctl` read a provider account's credentials from. SECURITY: a value on the command line is visible to
 * every local user in the process list while the command runs, and stays in the shell's history; stdin (`-`) and a file
 * are neither. Errors never repeat what was read.
 */
export type CredentialsSource = { kind: "stdin" } | { kind: "file"; path: string } | { kind: "argument"; json: string };

export function credentialsSource(values: { credentials?: string; "credentials-file"?: string }): CredentialsSource | { error: string } | null {
  const inline = values.credentials;
  const file = values["credentials-file"];
  if (inline !== undefined && file !== undefined) return { error: "give only one of --credentials and --credentials-file." };
  if (file !== undefined) return file ? { kind: "file", path: file } : { error: "--credentials-file needs a path." };
  if (inline === undefined || inline === "") return null;
  return inline === "-" ? { kind: "stdin" } : { kind: "argument", json: inline };
}

/** What `-` reads: the process's stdin, or a stream a test gives in its place. */
export type CredentialsStdin = AsyncIterable<string | Buffer> & { isTTY?: boolean };

async function readStdin(stdin: CredentialsStdin): Promise<string> {
  if (stdin.isTTY) process.stderr.write("Paste the credentials' JSON, then press Ctrl-D on a line of its own:\n");
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** The credentials as parsed JSON; throws a message that names the source, never its content. */
export async function readCredentials(source: CredentialsSource, stdin: CredentialsStdin = process.stdin): Promise<unknown> {
  let text: string;
  if (source.kind === "argument") text = source.json;
  else if (source.kind === "stdin") text = await readStdin(stdin);
  else {
    try {
      text = await readFile(source.path, "utf8");
    } catch (error) {
      throw new Error(`could not read ${source.path} (${(error as NodeJS.ErrnoException).code ?? "unreadable"}).`);
    }
  }
  const from = source.kind === "argument" ? "--credentials" : source.kind === "stdin" ? "The credentials read from stdin" : `The credentials in ${source.path}`;
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${from} must be JSON, e.g. {"clientId":"…","clientSecret":"…"}.`);
  }
}
