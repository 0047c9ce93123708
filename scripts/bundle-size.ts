import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

/**
 * `npm run check:bundle-size` after `next build`: the first-load JavaScript of every route, gzipped, against the
 * budget in DESIGN.md ("Performance budgets"). A route's first load is the framework's root chunks plus every chunk
 * its layouts and page name in the route's client reference manifest. Exits 1 when a route is over budget, and when
 * the measurement found nothing to measure (no route, or a route without chunks of its own): a renamed manifest or
 * field in a later Next must fail this check, not pass it.
 */
export const FIRST_LOAD_BUDGET_KB = 160;

/** `ownChunks`: the chunks its manifest names beyond the framework's root chunks, which every route shares. */
export type RouteSize = { route: string; gzipKb: number; chunks: { file: string; gzipKb: number }[]; ownChunks: number };

function manifestFiles(directory: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(directory)) {
    const full = path.join(directory, entry);
    if (statSync(full).isDirectory()) found.push(...manifestFiles(full));
    else if (entry.endsWith("_client-reference-manifest.js")) found.push(full);
  }
  return found;
}

type ClientReferenceManifest = { entryJSFiles?: Record<string, string[]> };

function readManifest(file: string): ClientReferenceManifest {
  const context: { globalThis: { __RSC_MANIFEST?: Record<string, ClientReferenceManifest> } } = { globalThis: {} };
  // The manifest is a script that assigns one object to globalThis.__RSC_MANIFEST; evaluate it against a stand-in.
  new Function("globalThis", readFileSync(file, "utf8"))(context.globalThis);
  return Object.values(context.globalThis.__RSC_MANIFEST ?? {})[0] ?? {};
}

const gzipCache = new Map<string, number>();
function gzipKb(distDir: string, file: string): number {
  const cached = gzipCache.get(file);
  if (cached !== undefined) return cached;
  const size = gzipSync(readFileSync(path.join(distDir, file.replace(/^\/?_next\//, ""))), { level: 9 }).length / 1024;
  gzipCache.set(file, size);
  return size;
}

export function measureFirstLoad(distDir = ".next"): RouteSize[] {
  const buildManifest = JSON.parse(readFileSync(path.join(distDir, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const appDir = path.join(distDir, "server", "app");
  const sizes: RouteSize[] = [];
  for (const file of manifestFiles(appDir)) {
    const relative = path.relative(appDir, file).replace(/_client-reference-manifest\.js$/, "");
    if (!relative.endsWith("page")) continue; // route handlers ship no JavaScript
    const route = `/${relative.replace(/\/?page$/, "")}`.replace(/\/\([^)]+\)/g, "") || "/";
    const files = new Set(buildManifest.rootMainFiles);
    for (const chunks of Object.values(readManifest(file).entryJSFiles ?? {})) for (const chunk of chunks) files.add(chunk);
    const ownChunks = files.size - new Set(buildManifest.rootMainFiles).size;
    const chunks = [...files].map((chunk) => ({ file: chunk, gzipKb: gzipKb(distDir, chunk) })).sort((a, b) => b.gzipKb - a.gzipKb);
    sizes.push({ route, gzipKb: chunks.reduce((sum, chunk) => sum + chunk.gzipKb, 0), chunks, ownChunks });
  }
  return sizes.sort((a, b) => a.route.localeCompare(b.route));
}

/** Why the measurement cannot be trusted to have measured the build, if it cannot: a check that measured nothing passes nothing. */
export function measurementProblems(sizes: RouteSize[], distDir: string): string[] {
  if (sizes.length === 0) return [`No page route found in ${path.join(distDir, "server", "app")} (no *page_client-reference-manifest.js): nothing was measured.`];
  return sizes
    .filter((size) => size.ownChunks === 0)
    .map((size) => `${size.route}: its manifest names no chunk beyond the framework's root chunks, so its own JavaScript was not measured.`);
}

function main(): void {
  const distDir = process.argv[2] ?? ".next";
  if (!existsSync(path.join(distDir, "build-manifest.json"))) {
    console.error(`No build in ${distDir}: run \`next build\` first.`);
    process.exit(1);
  }
  const verbose = process.argv.includes("--chunks");
  const sizes = measureFirstLoad(distDir);
  let over = 0;
  for (const size of sizes) {
    const flag = size.gzipKb > FIRST_LOAD_BUDGET_KB ? "OVER" : "ok";
    if (flag === "OVER") over += 1;
    console.log(`${flag.padEnd(5)} ${size.gzipKb.toFixed(1).padStart(7)} KB  ${size.route}`);
    if (verbose) for (const chunk of size.chunks) console.log(`        ${chunk.gzipKb.toFixed(1).padStart(7)} KB  ${chunk.file}`);
  }
  const problems = measurementProblems(sizes, distDir);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exit(1);
  console.log(over === 0 ? `Every route's first-load JS is within ${FIRST_LOAD_BUDGET_KB} KB gzipped.` : `${over} route(s) over ${FIRST_LOAD_BUDGET_KB} KB gzipped.`);
  process.exit(over === 0 ? 0 : 1);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) main();
