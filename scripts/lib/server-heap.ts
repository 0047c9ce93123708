/**
 * The production web server's V8 heap limit, in MB, given to node by `npm start` (package.json), the e2e stack
 * (scripts/lib/launch.ts) and the bench, so all three run the server alike.
 *
 * Without it V8 sizes the heap from the machine's memory (about 4 GB on a 24 GB machine) and lets the old generation
 * grow a long way before a full collection. A streamed CSV export's rows are garbage a batch later, but the ones a
 * young-generation collection finds mid-batch are promoted, about 100 KB each time: exporting 0.5M and 1M transactions
 * peaked at 198 and 252 MB (`npm run bench`'s export, default scale), growing with the row count. With 1024 MB V8
 * collects the old generation every few seconds of export and both peaked at 155 MB.
 */
export const SERVER_HEAP_MB = 1024;

export const SERVER_NODE_FLAGS = [`--max-old-space-size=${SERVER_HEAP_MB}`] as const;
