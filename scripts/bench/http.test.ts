import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadCsv, load } from "./http";

const OUTLINE = `<div role="status" aria-live="polite"><span class="sr-only">Loading cards…</span></div>`;
const CONTENT = `<div hidden id="S:0"><h1 class="text-2xl">Cards</h1><table><caption data-slot="table-caption" class="sr-only">Cards, 25 shown</caption></table></div><script>$RC("B:0","S:0")</script>`;
const FAILED = `<script>$RX=function(b,c,d,e,f){};$RX("B:0","2960781823")</script>`;

/** A stand-in for `next start`: each answer starts with the loading outline and a 200, as a streamed page does. */
const ANSWERS: Record<string, { status: number; type: string; chunks: string[]; location?: string }> = {
  "/cards": { status: 200, type: "text/html", chunks: [OUTLINE, CONTENT] },
  "/cards?status=frozen": { status: 200, type: "text/html", chunks: [OUTLINE, FAILED] },
  "/cards?q=slow": { status: 200, type: "text/html", chunks: [OUTLINE, ""] },
  "/bench-baseline": { status: 500, type: "text/html", chunks: ["Internal Server Error"] },
  "/transactions/export": { status: 200, type: "text/csv; charset=utf-8", chunks: ["\uFEFFid,occurred_at_utc\n", "t1,2026-01-01\nt2,2026-01-02\n"] },
  "/audit/export": { status: 307, type: "text/plain", chunks: [""], location: "/sign-in" },
  "/funding/export": { status: 200, type: "text/html", chunks: ["<!DOCTYPE html>\n<html>\n</html>\n"] },
  "/sign-in": { status: 200, type: "text/html", chunks: ["<!DOCTYPE html>\n<html>\n<body>\n<h1>Sign in</h1>\n</body>\n</html>\n"] },
};

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const answer = ANSWERS[request.url ?? ""] ?? { status: 404, type: "text/plain", chunks: ["not found"] };
    response.writeHead(answer.status, { "Content-Type": answer.type, ...(answer.location ? { Location: answer.location } : {}) });
    for (const chunk of answer.chunks) response.write(chunk);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the bench's page load counts only the page itself, fully rendered", () => {
  it("accepts a streamed page whose content arrived after its loading outline", async () => {
    await expect(load(`${baseUrl}/cards`, "session=1")).resolves.toBeUndefined();
  });

  it("fails a 200 whose read failed after the outline was sent, naming the page", async () => {
    await expect(load(`${baseUrl}/cards?status=frozen`, "session=1")).rejects.toThrow(`GET ${baseUrl}/cards?status=frozen answered 200 but a part of the page failed on the server`);
  });

  it("fails a 200 that carried only the loading outline", async () => {
    await expect(load(`${baseUrl}/cards?q=slow`, "session=1")).rejects.toThrow(/answered 200 but the page lacks the cards list's caption or its empty state/);
  });

  it("still fails any other status", async () => {
    await expect(load(`${baseUrl}/bench-baseline`, "session=1")).rejects.toThrow(`GET ${baseUrl}/bench-baseline answered 500`);
  });
});

describe("the bench's CSV download counts only a CSV", () => {
  it("counts the data rows of a CSV", async () => {
    await expect(downloadCsv(baseUrl, "/transactions/export", "session=1")).resolves.toMatchObject({ rows: 2 });
  });

  it("fails a download redirected elsewhere (a page that answers 200), instead of counting its lines", async () => {
    await expect(downloadCsv(baseUrl, "/audit/export", "session=1")).rejects.toThrow("GET /audit/export answered 307");
  });

  it("fails a 200 that is not a CSV", async () => {
    await expect(downloadCsv(baseUrl, "/funding/export", "session=1")).rejects.toThrow("GET /funding/export answered 200 with text/html, not a CSV");
  });
});
