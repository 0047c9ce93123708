import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress, parseTrustedProxies } from "./client-address";
import { CLIENT_ADDRESS_HEADER, installClientAddressStamp } from "./client-address-stamp";
import { metaFromHeaders } from "./request-meta";

describe("clientAddress", () => {
  const none = parseTrustedProxies(undefined);
  const proxies = parseTrustedProxies("10.0.0.0/8, 2001:db8::/32, 192.0.2.1");

  it("uses the connection's address when no proxy is configured, whatever X-Forwarded-For says", () => {
    expect(clientAddress({ peer: "198.51.100.20", forwardedFor: "1.2.3.4", trusted: none })).toBe("198.51.100.20");
    expect(clientAddress({ peer: "::ffff:198.51.100.20", forwardedFor: undefined, trusted: none })).toBe("198.51.100.20");
  });

  it("ignores X-Forwarded-For from a peer that is not a configured proxy", () => {
    expect(clientAddress({ peer: "198.51.100.20", forwardedFor: "1.2.3.4", trusted: proxies })).toBe("198.51.100.20");
  });

  it("behind configured proxies, takes the first untrusted hop from the right, never the client's own prefix", () => {
    expect(clientAddress({ peer: "10.1.2.3", forwardedFor: "6.6.6.6, 203.0.113.9", trusted: proxies })).toBe("203.0.113.9");
    expect(clientAddress({ peer: "10.1.2.3", forwardedFor: "6.6.6.6, 203.0.113.9, 192.0.2.1, 10.9.9.9", trusted: proxies })).toBe("203.0.113.9");
    expect(clientAddress({ peer: "2001:db8::1", forwardedFor: "2001:db8::5, 2a00:1450::1", trusted: proxies })).toBe("2a00:1450::1");
    expect(clientAddress({ peer: "10.1.2.3", forwardedFor: "not-an-ip", trusted: proxies })).toBe("10.1.2.3");
  });

  it("refuses a malformed TRUSTED_PROXIES entry instead of trusting everyone", () => {
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/prefix/);
    expect(() => parseTrustedProxies("proxy.internal")).toThrow(/not an IP/);
  });
});

describe("the request stamp", () => {
  let server: http.Server;
  let url: string;
  const seen: http.IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    installClientAddressStamp("");
    server = http.createServer((request, response) => {
      seen.push({ ...request.headers });
      response.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("records the socket's address, not a spoofed X-Forwarded-For or stamp header, and drops the forged headers", async () => {
    await fetch(url, { headers: { "x-forwarded-for": "6.6.6.6", [CLIENT_ADDRESS_HEADER]: "7.7.7.7", "x-forwarded-host": "evil.example" } });
    const headers = seen.at(-1)!;
    expect(headers[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.1");
    expect(headers["x-forwarded-for"]).toBeUndefined();
    expect(headers["x-forwarded-host"]).toBeUndefined();
    const meta = metaFromHeaders(new Headers(headers as Record<string, string>));
    expect(meta.ip).toBe("127.0.0.1");
  });
});
