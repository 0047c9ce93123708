import { csvLine } from "./csv-line";

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
}): ReadableStream<Uint8Array> {
  const { header, line, batches, logName } = params;
  const encoder = new TextEncoder();
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLine(header)));
        return;
      }
      try {
        const next = await batches.next();
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(next.value.map(line).join("")));
      } catch (error) {
        console.error(`[${logName}] export failed:`, error instanceof Error ? error.message : "unknown error");
        controller.error(new Error("The export stopped before the end."));
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
