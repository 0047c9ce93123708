import { BENCH_AUDIT_KEY } from "./audit-chain";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { percentiles, type Percentiles } from "./measure";
import { SERVER_NODE_FLAGS } from "../lib/server-heap";
import { renderedPageProblem } from "./rendered-page";

export type AppServer = { baseUrl: string; process: ChildProcess; stop: () => Promise<void> };

/** `next start` of the existing production build, run as `npm start` runs it, on the bench database, with throwaway secrets. */
export async function startAppServer(params: { databaseUrl: string; port: number; log: (line: string) => void }): Promise<AppServer> {
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build in .next: run `npm run build` first (the bench measures a production build).");
  const baseUrl = `http://127.0.0.1:${params.port}`;
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, "node_modules/next/dist/bin/next", "start", "-p", String(params.port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: params.databaseUrl,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      ENCRYPTION_KEY: randomBytes(32).toString("hex"),
      AUDIT_HMAC_KEY: BENCH_AUDIT_KEY,
      APP_URL: baseUrl,
      SIGN_IN_MAX_FAILURES: "100",
      SESSION_IDLE_MINUTES: "600",
      // Serves the empty baseline page, app/(dashboard)/bench-baseline (a 404 in any server not started here).
      CARDHUB_BENCH_BASELINE: "on",
    },
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer on ${baseUrl} within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  params.log(`production server on ${baseUrl} (pid ${child.pid})`);
  return { baseUrl, process: child, stop };
}

function setCookies(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);
}

/** Signs in through Auth.js's own credentials callback, as the sign-in form does, and returns the session cookie. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = setCookies(csrf);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/` }),
  });
  const session = setCookies(response).find((cookie) => cookie.startsWith("authjs.session-token="));
  if (!session) throw new Error(`signing in as ${email} failed (HTTP ${response.status}, ${response.headers.get("location")})`);
  return session;
}

type PageAnswer = { url: string; status: number; body: ArrayBuffer };

/** One request of a page, its whole streamed body read, as a browser does: what the bench times. */
async function requestPage(url: string, cookie: string): Promise<PageAnswer> {
  const response = await fetch(url, { headers: { Cookie: cookie }, redirect: "manual" });
  return { url, status: response.status, body: await response.arrayBuffer() };
}

/**
 * Throws unless the answer is the page itself, rendered in full: a streamed page answers 200 before it reads the
 * database, so a failed read is a 200 too (rendered-page.ts). Checked after the timing, so it costs no sample anything.
 */
function expectRenderedPage({ url, status, body }: PageAnswer): void {
  if (status !== 200) throw new Error(`GET ${url} answered ${status} (${body.byteLength} bytes)`);
  const problem = renderedPageProblem(new URL(url).pathname, new TextDecoder().decode(body));
  if (problem) throw new Error(`GET ${url} answered 200 but ${problem}`);
}

export async function load(url: string, cookie: string): Promise<void> {
  expectRenderedPage(await requestPage(url, cookie));
}

export type TimedPage = { path: string; cookie: string };

/**
 * Requests of each page's code before any is timed. A fresh `next start` runs a page slowly until V8 has optimised the
 * code it uses: measured on the default-scale database (finance, /cards beside /bench-baseline, blocks of 60), the
 * first 120 requests of /cards took a p50 of 46 and then 41 ms, the later blocks 32-40 ms. With three loads per case
 * the first cases timed of each list paid for that, and the same pages timed later in the run did not.
 */
export const WARMUP_LOADS_PER_PAGE = 200;

/**
 * Loads the pages of each group (one group per page: the cards list, the transactions list, …) in turn, cycling
 * through its cases, until the group has been served WARMUP_LOADS_PER_PAGE times, with the empty page loaded as often
 * as each role that is timed beside it, so that no case is timed on code the server has not optimised yet.
 */
export async function warmUpPages(baseUrl: string, pages: (TimedPage & { group: string })[], baselines: TimedPage[]): Promise<void> {
  const groups = new Map<string, TimedPage[]>();
  for (const page of pages) groups.set(page.group, [...(groups.get(page.group) ?? []), page]);
  for (let index = 0; index < WARMUP_LOADS_PER_PAGE; index += 1) {
    const baseline = baselines[index % baselines.length]!;
    await load(`${baseUrl}${baseline.path}`, baseline.cookie);
    for (const group of groups.values()) {
      const page = group[index % group.length]!;
      await load(`${baseUrl}${page.path}`, page.cookie);
    }
  }
}

/**
 * Full request times (headers and the whole streamed body) of a page and of the empty baseline page, taken in turn
 * (page, baseline, page, …), one request at a time, after a warm-up of each. Taking them in turn puts every case's
 * samples and the baseline's in the same moments, so a machine that slows down or speeds up during the run moves
 * both alike.
 */
export async function timePageBesideBaseline(
  baseUrl: string,
  page: TimedPage,
  baseline: TimedPage,
  iterations: number,
  warmup = 3,
): Promise<{ page: Percentiles; baselineSamples: number[] }> {
  for (let index = 0; index < warmup; index += 1) {
    await load(`${baseUrl}${page.path}`, page.cookie);
    await load(`${baseUrl}${baseline.path}`, baseline.cookie);
  }
  const pageSamples: number[] = [];
  const baselineSamples: number[] = [];
  const timed = async (target: TimedPage, into: number[]) => {
    const started = performance.now();
    const answer = await requestPage(`${baseUrl}${target.path}`, target.cookie);
    into.push(performance.now() - started);
    expectRenderedPage(answer);
  };
  for (let index = 0; index < iterations; index += 1) {
    await timed(page, pageSamples);
    await timed(baseline, baselineSamples);
  }
  return { page: percentiles(pageSamples), baselineSamples };
}

function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const found = [pid];
  for (let index = 0; index < found.length; index += 1) found.push(...(children.get(found[index]!) ?? []));
  return found;
}

/** Clears the kernel's peak-RSS mark of the server's processes, so the next reading is the peak since now. */
export function resetPeakRss(pid: number): void {
  for (const id of descendants(pid)) {
    try {
      writeFileSync(`/proc/${id}/clear_refs`, "5");
    } catch {
      // not ours or gone
    }
  }
}

/** Peak resident memory (VmHWM) of the server and its child processes, in MB. */
export function peakRssMb(pid: number): number {
  let total = 0;
  for (const id of descendants(pid)) {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${id}/status`, "utf8"));
      if (match) total += Number(match[1]) / 1024;
    } catch {
      // gone
    }
  }
  return Math.round(total * 10) / 10;
}

/**
 * Streams a CSV export and counts its data rows (lines after the header). Only a CSV counts: a redirect (to the
 * sign-in page) is not followed, and an export that fails after its first byte is cut off, which the read throws on.
 */
export async function downloadCsv(baseUrl: string, path: string, cookie: string): Promise<{ rows: number; seconds: number }> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, { headers: { Cookie: cookie, "Sec-Fetch-Site": "same-origin" }, redirect: "manual" });
  if (response.status !== 200 || !response.body) throw new Error(`GET ${path} answered ${response.status}`);
  const type = response.headers.get("content-type") ?? "";
  if (!type.startsWith("text/csv")) throw new Error(`GET ${path} answered 200 with ${type || "no content type"}, not a CSV`);
  let lines = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const byte of value) if (byte === 10) lines += 1;
  }
  return { rows: Math.max(0, lines - 1), seconds: (performance.now() - started) / 1000 };
}
