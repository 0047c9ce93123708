import { csvLine } from "./csv-line";

/**
 * Rows an export reads per query (lib/transactions/export.ts, lib/audit/export.ts). At 1,000 the rows still being read
 * when a young-generation collection ran were promoted, and the heap grew with the row count until V8's next full
 * collection (transactions export in the server: 189 MB for 0.5M rows, 239 MB for 1M; audit export in a process of its
 * own: 186-206 MB for 0.1M-0.3M). At 500 the peak RSS stays flat: 146-154 MB for 0.5M and 1M transactions, 133-144 MB
 * for 0.1M to 1M audit rows. Flat only with the server's heap limit (scripts/lib/server-heap.ts): under V8's default
 * for a large machine the promoted rows piled up again (198 MB for 0.5M transactions, 252 MB for 1M).
 */
export const EXPORT_BATCH_ROWS = 500;

/**
 * UTF-8's byte-order mark, first in every export: without it Excel (the spreadsheet most finance teams open a CSV in)
 * reads the file as the Windows code page, and "Café Müller" or "€" arrive garbled. Readers that decode UTF-8 by the
 * standard (fetch's text(), TextDecoder, csv parsers with bom handling) drop it; verify-csv.ts strips it itself.
 */
const UTF8_BOM = "\uFEFF";

/** Rows per encoded chunk: a few tens of KB of text, well under V8's large-object threshold (about 128 KB). */
const ROWS_PER_CHUNK = 64;

/**
 * A CSV download that pulls one batch of rows per read, so a slow client holds back the database instead of
 * filling memory. An error after the first byte ends the stream as failed (the download is cut, never silently
 * short) and is logged without row content.
 */
export function csvStream<Row>(params: {
  header: readonly string[];
  line: (row: Row) => string;
  batches: AsyncGenerator<Row[]>;
  /** The log prefix, e.g. "audit". */
  logName: string;
  /** Called once when the download ends, fails or is cancelled (the export lock's release). */
  onEnd?: () => Promise<void>;
}): ReadableStream<Uint8Array> {
  const { header, line, batches, logName } = params;
  const encoder = new TextEncoder();
  let headerSent = false;
  let ended = false;
  const end = async () => {
    if (ended) return;
    ended = true;
    await params.onEnd?.();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(UTF8_BOM + csvLine(header)));
        return;
      }
      try {
        const next = await batches.next();
        if (next.done) {
          controller.close();
          await end();
          return;
        }
        // Encoded a few rows at a time: one string for a whole batch (hundreds of KB) would be allocated straight
        // into V8's large-object space, which only a full collection frees, so the heap grew with the row count.
        // At least one chunk per pull, even for an empty batch: a pull that enqueues nothing leaves the reader waiting.
        let start = 0;
        do {
          controller.enqueue(encoder.encode(next.value.slice(start, start + ROWS_PER_CHUNK).map(line).join("")));
          start += ROWS_PER_CHUNK;
        } while (start < next.value.length);
      } catch (error) {
        console.error(`[${logName}] export failed:`, error instanceof Error ? error.message : "unknown error");
        controller.error(new Error("The export stopped before the end."));
        await end();
      }
    },
    async cancel() {
      try {
        await batches.return(undefined);
      } finally {
        await end();
      }
    },
  });
}
