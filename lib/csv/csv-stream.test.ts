import { describe, expect, it } from "vitest";
import { csvStream } from "./csv-stream";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

describe("csvStream", () => {
  it("writes a large batch as small chunks, each far below V8's large-object size, with every row once and in order", async () => {
    const rows = Array.from({ length: 1000 }, (_, index) => ({ index, text: "x".repeat(400) }));
    async function* batches() {
      yield rows;
    }
    const chunks = await readAll(csvStream({ header: ["index", "text"], line: (row) => `${row.index},${row.text}\r\n`, batches: batches(), logName: "test" }));
    // One string for the whole batch would be about 400 KB: allocated in the large-object space, freed only by a full GC.
    expect(Math.max(...chunks.map((chunk) => chunk.byteLength))).toBeLessThan(64 * 1024);
    const text = new TextDecoder().decode(Buffer.concat(chunks));
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("index,text");
    expect(lines.slice(1).map((line) => Number(line.split(",")[0]))).toEqual(rows.map((row) => row.index));
  });

  it("starts with UTF-8's byte-order mark, so a spreadsheet reads accented merchant names as written", async () => {
    async function* batches() {
      yield [{ value: "Café Müller €" }];
    }
    const chunks = await readAll(csvStream({ header: ["value"], line: (row: { value: string }) => `${row.value}\r\n`, batches: batches(), logName: "test" }));
    const bytes = Buffer.concat(chunks);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8")).toBe("value\r\nCafé Müller €\r\n");
  });

  it("goes on past an empty batch instead of leaving the reader waiting", async () => {
    async function* batches() {
      yield [];
      yield [{ value: "after the empty batch" }];
    }
    const chunks = await readAll(csvStream({ header: ["value"], line: (row: { value: string }) => `${row.value}\r\n`, batches: batches(), logName: "test" }));
    expect(new TextDecoder().decode(Buffer.concat(chunks))).toBe("value\r\nafter the empty batch\r\n");
  });

  it("fails the download, never ends it short, when a batch cannot be read", async () => {
    async function* batches(): AsyncGenerator<{ value: string }[]> {
      yield [{ value: "first" }];
      throw new Error("connection lost");
    }
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args.join(" "));
    try {
      await expect(readAll(csvStream({ header: ["value"], line: (row) => `${row.value}\r\n`, batches: batches(), logName: "test" }))).rejects.toThrow(
        "The export stopped before the end.",
      );
    } finally {
      console.error = original;
    }
    expect(errors).toEqual(["[test] export failed: connection lost"]);
  });
});
