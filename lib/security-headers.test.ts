import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

describe("proxy security headers", () => {
  it("gives every response a fresh nonce CSP that forbids framing, and the render the same nonce", () => {
    const first = proxy(new NextRequest("http://127.0.0.1:3000/cards"));
    const second = proxy(new NextRequest("http://127.0.0.1:3000/cards"));
    const policy = first.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // Handed to the render through the request headers Next.js forwards.
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(first.headers.get("strict-transport-security")).toBeNull();
  });

  it("adds HSTS only when the request came over https", () => {
    expect(proxy(new NextRequest("https://cards.example/")).headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    const viaProxy = new NextRequest("http://10.0.0.5/", { headers: { "x-forwarded-proto": "https" } });
    expect(proxy(viaProxy).headers.get("strict-transport-security")).not.toBeNull();
  });
});
