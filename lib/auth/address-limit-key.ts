import { isIP } from "node:net";

function ipv6Groups(address: string): string[] | null {
  const [head, tail, ...extra] = address.toLowerCase().split("::");
  if (extra.length > 0) return null;
  const parts = (text: string | undefined) => (text ? text.split(":") : []);
  const left = parts(head);
  const right = parts(tail);
  // A trailing dotted IPv4 (::ffff:192.0.2.1) stands for two groups.
  const last = right.length > 0 ? right : left;
  if (last.length > 0 && last[last.length - 1]!.includes(".")) {
    const octets = last.pop()!.split(".").map(Number);
    last.push(((octets[0]! << 8) | octets[1]!).toString(16), ((octets[2]! << 8) | octets[3]!).toString(16));
  }
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  return [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right].map((group) => group.padStart(4, "0"));
}

/**
 * The key a per-address sign-in limit counts under. SECURITY: one IPv6 subscriber is routinely given a whole /64 and
 * picks any address in it, so counting each address apart gives them 2^64 fresh limits; an IPv6 address counts as its
 * /64. An IPv4 address, also when written IPv4-mapped (::ffff:192.0.2.1), counts as itself.
 */
export function addressLimitKey(ip: string | null): string {
  if (!ip) return "unknown";
  const version = isIP(ip);
  if (version === 4) return ip;
  if (version !== 6) return ip;
  const groups = ipv6Groups(ip);
  if (!groups) return ip;
  if (groups.slice(0, 5).every((group) => group === "0000") && groups[5] === "ffff") {
    const [high, low] = [Number.parseInt(groups[6]!, 16), Number.parseInt(groups[7]!, 16)];
    return [high >> 8, high & 255, low >> 8, low & 255].join(".");
  }
  return `${groups.slice(0, 4).join(":")}::/64`;
}
