import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { startTcpProxy, throughProxy, type TcpProxy } from "@/test/tcp-proxy";
import { watchDatabase, type DatabaseWatch } from "./database-watch";

const database = withTestDatabase();
let proxy: TcpProxy;
let blackHole: net.Server;
let blackHolePort = 0;
const held = new Set<net.Socket>();
let watch: DatabaseWatch | undefined;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Checks time out after half of it (1 s), well above a select 1 on a loaded machine.
const LIMIT_MS = 2000;

beforeAll(async () => {
  const url = new URL(database.url());
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
  // Accepts connections and never answers: a network that swallows packets.
  blackHole = net.createServer((socket) => {
    held.add(socket);
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", () => resolve()));
  blackHolePort = (blackHole.address() as net.AddressInfo).port;
});
afterEach(async () => {
  await watch?.stop();
  watch = undefined;
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => blackHole.close(resolve));
  await proxy?.cut();
});

function start(connectionString: string) {
  const lines: string[] = [];
  const lost: number[] = [];
  const startedAt = Date.now();
  watch = watchDatabase({ connectionString, everyMs: 100, outageLimitMs: LIMIT_MS, log: (line) => lines.push(line), onLost: () => lost.push(Date.now() - startedAt) });
  return { lines, lost };
}

describe("the worker's watch on its database", () => {
  it("stays quiet while the database answers", async () => {
    const { lines, lost } = start(database.url());
    await sleep(2 * LIMIT_MS);
    expect(lost).toEqual([]);
    expect(lines).toEqual([]);
  });

  it("rides out an outage shorter than its limit, and says when the database answers again", async () => {
    const { lines, lost } = start(throughProxy(database.url(), proxy));
    await sleep(300);
    await proxy.cut();
    await sleep(LIMIT_MS / 2);
    await proxy.restore();
    await sleep(LIMIT_MS);
    expect(lost).toEqual([]);
    expect(lines).toEqual([expect.stringMatching(/^\[worker\] the database does not answer \(.*\); the worker exits with code 1 if it still does not after 2 s$/), expect.stringMatching(/^\[worker\] the database answers again after \d+(\.\d)? s$/)]);
  });

  it("gives up once a refused database has not answered for its limit, once, and says why", async () => {
    const refused = new URL(database.url());
    refused.hostname = "127.0.0.1";
    refused.port = "1";
    const { lines, lost } = start(refused.toString());
    await sleep(LIMIT_MS * 2.5);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeGreaterThanOrEqual(LIMIT_MS);
    expect(lost[0]).toBeLessThan(LIMIT_MS + 1000);
    expect(lines[0]).toMatch(/^\[worker\] the database does not answer \(.*ECONNREFUSED.*\)/);
    expect(lines.at(-1)).toBe("[worker] the database has not answered for 2 s: exiting with code 1, so whatever supervises the worker starts it again");
    // Nothing of the connection string's password reaches the log.
    const password = new URL(database.url()).password;
    if (password) for (const line of lines) expect(line).not.toContain(password);
  });

  it("gives up on a database that swallows every packet, though no check ever comes back", async () => {
    const silent = new URL(database.url());
    silent.hostname = "127.0.0.1";
    silent.port = String(blackHolePort);
    const { lost } = start(silent.toString());
    await sleep(LIMIT_MS * 2.5);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeLessThan(LIMIT_MS + 1000);
  });
});
