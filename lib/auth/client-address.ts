import { BlockList, isIP } from "node:net";

/** "::ffff:203.0.113.7" (IPv4 over an IPv6 socket) is the IPv4 address it carries. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim().replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed.toLowerCase();
}

/**
 * TRUSTED_PROXIES: comma-separated addresses or CIDR ranges (IPv4 or IPv6) of the load balancers in front of the
 * app. Empty (the default) trusts no forwarded header at all. A malformed entry stops the server: a typo here
 * would otherwise silently let every client choose its own address.
 */
export function parseTrustedProxies(value: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (value ?? "").split(",").map((item) => item.trim()).filter(Boolean)) {
    const [address, prefix] = entry.split("/");
    const normalized = normalizeAddress(address ?? "");
    const family = isIP(normalized);
    if (family === 0) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      list.addAddress(normalized, type);
    } else {
      const bits = Number(prefix);
      if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128)) throw new Error(`TRUSTED_PROXIES: "${entry}" has an invalid prefix length`);
      list.addSubnet(normalized, bits, type);
    }
  }
  return list;
}

export function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * The client's address: the connection's peer, unless that peer is a configured proxy. Then X-Forwarded-For is
 * read from the right (each proxy appends the address it saw), skipping further trusted proxies; the first
 * untrusted hop is the client. Values to its left were written by the client and are never believed.
 */
export function clientAddress(params: { peer: string | undefined; forwardedFor: string | undefined; trusted: BlockList }): string | null {
  if (!params.peer) return null;
  const peer = normalizeAddress(params.peer);
  if (!isTrusted(params.trusted, peer)) return peer;
  const hops = (params.forwardedFor ?? "").split(",").map(normalizeAddress).filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index]!;
    if (isIP(hop) === 0) return peer; // a garbled header: fall back to what the connection says
    if (!isTrusted(params.trusted, hop)) return hop;
  }
  return hops[0] ?? peer;
}
