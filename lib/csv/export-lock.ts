import { getConnection, type DbOrTx } from "@/db/client";
import { takeSessionLock } from "@/db/queries/session-lock";
import { record, type AuditContext, type AuditEntry } from "@/lib/audit/record";
import { EXPORT_RUNNING_MESSAGE, ExportRefusal } from "./export-refusal";

export type ExportLock = { release: () => Promise<void> };

/**
 * At most one running export per person, across every web instance: a session-level advisory lock keyed by the user
 * id (takeSessionLock), held on a connection of its own for as long as the download runs. Null when the person has an
 * export running. The lock is also released when `signal` aborts (the client went away before the download was read
 * to its end or cancelled).
 */
export async function tryExportLock(userId: string, signal?: AbortSignal): Promise<ExportLock | null> {
  const lock = await takeSessionLock(getConnection().pool.options.connectionString!, `export:${userId}`, { waitMs: 0, applicationName: "cardhub-export-lock" });
  if (!lock) return null;
  const onAbort = () => void release();
  const release = async (): Promise<void> => {
    signal?.removeEventListener("abort", onAbort);
    await lock.release();
  };
  if (signal?.aborted) await release();
  else signal?.addEventListener("abort", onAbort, { once: true });
  return { release };
}

export type ExportRecord = {
  db: DbOrTx;
  context: AuditContext;
  entry: AuditEntry & { action: "audit.exported" | "transactions.exported" | "statements.exported" };
};

/**
 * Starts an export under the person's export lock and records it (`exported.entry`) before `start` streams a byte, so
 * an export cut short is still on record. While another export of theirs runs: 429, and the refusal recorded as
 * export.denied with what was asked for. `start` hands `release` to the stream it returns, which calls it when the
 * download ends, fails or is cancelled; if recording or `start` throws, it is released here.
 */
export async function startExclusiveExport(
  params: { userId: string; signal?: AbortSignal; exported: ExportRecord },
  start: (release: () => Promise<void>) => Promise<Response>,
): Promise<Response> {
  const { db, context, entry } = params.exported;
  const lock = await tryExportLock(params.userId, params.signal);
  if (!lock) {
    await record(db, context, {
      ...entry,
      action: "export.denied",
      outcome: "denied",
      summary: { ...entry.summary, export: entry.action.slice(0, entry.action.indexOf(".")), reason: "export_running" },
    });
    return new ExportRefusal("busy", 429, EXPORT_RUNNING_MESSAGE);
  }
  try {
    await record(db, context, entry);
    return await start(lock.release);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/**
 * An export route's HEAD. Next would otherwise answer HEAD by running GET and sending its headers without ever
 * reading or cancelling the body, so the export's lock would stay held until the process ends.
 */
export function exportHeadResponse(): Response {
  return new Response(null, { status: 405, headers: { Allow: "GET", "Cache-Control": "no-store" } });
}
