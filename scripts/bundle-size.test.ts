import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { measureFirstLoad, measurementProblems } from "./bundle-size";

const run = promisify(execFile);
const builds: string[] = [];
afterAll(() => builds.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const ROOT_CHUNK = "static/chunks/root.js";

/** A stand-in for `.next`: the build manifest, the chunks, and one client reference manifest per route given. */
function fakeBuild(routes: Record<string, Record<string, string[]>>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "bundle-size-"));
  builds.push(dir);
  writeFileSync(path.join(dir, "build-manifest.json"), JSON.stringify({ rootMainFiles: [ROOT_CHUNK] }));
  mkdirSync(path.join(dir, "static", "chunks"), { recursive: true });
  writeFileSync(path.join(dir, ROOT_CHUNK), "console.log('root');".repeat(50));
  mkdirSync(path.join(dir, "server", "app"), { recursive: true });
  for (const [route, entryJSFiles] of Object.entries(routes)) {
    for (const chunk of Object.values(entryJSFiles).flat()) writeFileSync(path.join(dir, chunk), `console.log(${JSON.stringify(chunk)});`.repeat(20));
    const file = path.join(dir, "server", "app", `${route}_client-reference-manifest.js`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      `globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\nglobalThis.__RSC_MANIFEST[${JSON.stringify(`/${route}`)}] = ${JSON.stringify({ moduleLoading: { prefix: "" }, entryJSFiles })};`,
    );
  }
  return dir;
}

const checkBudget = (dir: string) =>
  run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/bundle-size.ts", dir], { timeout: 60_000 }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout + error.stderr }),
  );

describe("the first-load JavaScript budget cannot pass by measuring nothing", () => {
  it("passes a build whose routes are measured and within budget", async () => {
    const dir = fakeBuild({ "(dashboard)/cards/page": { "[project]/app/layout": ["static/chunks/layout.js"], "[project]/app/(dashboard)/cards/page": ["static/chunks/cards.js"] } });
    const sizes = measureFirstLoad(dir);
    expect(sizes.map((size) => [size.route, size.chunks.length])).toEqual([["/cards", 3]]);
    expect(measurementProblems(sizes, dir)).toEqual([]);
    await expect(checkBudget(dir)).resolves.toMatchObject({ code: 0, stdout: expect.stringContaining("Every route's first-load JS is within") });
  });

  it("fails a build in which no route was found (a renamed manifest), saying so", async () => {
    const dir = fakeBuild({});
    expect(measurementProblems(measureFirstLoad(dir), dir)).toEqual([
      `No page route found in ${path.join(dir, "server", "app")} (no *page_client-reference-manifest.js): nothing was measured.`,
    ]);
    const result = await checkBudget(dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("nothing was measured");
    expect(result.stdout).not.toContain("Every route's first-load JS is within");
  });

  it("fails a route whose manifest names no chunk of its own (a renamed entryJSFiles), naming it", async () => {
    const dir = fakeBuild({
      "(dashboard)/cards/page": { "[project]/app/layout": ["static/chunks/layout.js"] },
      "(dashboard)/audit/page": {},
    });
    expect(measurementProblems(measureFirstLoad(dir), dir)).toEqual([
      "/audit: its manifest names no chunk beyond the framework's root chunks, so its own JavaScript was not measured.",
    ]);
    const result = await checkBudget(dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("/audit: its manifest names no chunk");
  });
});
