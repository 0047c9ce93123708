import http from "node:http";
import https from "node:https";
import type { BlockList } from "node:net";
import { clientAddress, isTrusted, normalizeAddress, parseTrustedProxies } from "./client-address";

/** Set on every request by the server process itself; any copy a client sends is overwritten. */
export const CLIENT_ADDRESS_HEADER = "x-cardhub-client-ip";
const FORWARDED_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

const marker = globalThis as unknown as { __cardhubClientAddressStamp?: boolean };

export function clientAddressStampInstalled(): boolean {
  return marker.__cardhubClientAddressStamp === true;
}

/** Stamps the client address on a request, and drops forwarded headers a non-proxy peer made up. */
export function stampRequest(request: http.IncomingMessage, trusted: BlockList): void {
  const peer = request.socket?.remoteAddress;
  const forwarded = request.headers["x-forwarded-for"];
  const address = clientAddress({ peer, forwardedFor: Array.isArray(forwarded) ? forwarded.join(",") : forwarded, trusted });
  if (!peer || !isTrusted(trusted, normalizeAddress(peer))) {
    // Next.js fills x-forwarded-* only when absent: removing the client's copies makes it use the socket's values.
    for (const name of FORWARDED_HEADERS) delete request.headers[name];
  }
  if (address) request.headers[CLIENT_ADDRESS_HEADER] = address;
  else delete request.headers[CLIENT_ADDRESS_HEADER];
}

/**
 * Next.js gives server code the request headers but not the connection's address, and keeps a client's own
 * X-Forwarded-For as is. So, once per server process (from instrumentation.ts), every incoming request is
 * stamped before Next.js sees it. Code reads the stamp only when this ran in its process (request-meta.ts).
 */
export function installClientAddressStamp(trustedProxies = process.env.TRUSTED_PROXIES): void {
  if (clientAddressStampInstalled()) return;
  const trusted = parseTrustedProxies(trustedProxies);
  for (const prototype of [http.Server.prototype, https.Server.prototype] as { emit: (event: string, ...args: unknown[]) => boolean }[]) {
    const original = prototype.emit;
    prototype.emit = function (this: unknown, event: string, ...args: unknown[]) {
      if (event === "request") stampRequest(args[0] as http.IncomingMessage, trusted);
      return original.call(this, event, ...args);
    };
  }
  marker.__cardhubClientAddressStamp = true;
}
