import { describe, expect, it } from "vitest";
import { addressLimitKey } from "./address-limit-key";

describe("the key a per-address sign-in limit counts under", () => {
  it("counts every address of one IPv6 /64 together, however it is written", () => {
    const keys = ["2001:db8:aa:bb::1", "2001:db8:aa:bb:ffff:ffff:ffff:ffff", "2001:0DB8:00AA:00BB:0:0:0:2a", "2001:db8:aa:bb:1::"].map(addressLimitKey);
    expect(new Set(keys)).toEqual(new Set(["2001:0db8:00aa:00bb::/64"]));
    expect(addressLimitKey("2001:db8:aa:bc::1")).toBe("2001:0db8:00aa:00bc::/64");
    expect(addressLimitKey("::1")).toBe("0000:0000:0000:0000::/64");
  });

  it("counts an IPv4 address as itself, also written IPv4-mapped", () => {
    expect(addressLimitKey("192.0.2.1")).toBe("192.0.2.1");
    expect(addressLimitKey("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(addressLimitKey("::ffff:c000:201")).toBe("192.0.2.1");
    expect(addressLimitKey("192.0.2.2")).not.toBe(addressLimitKey("192.0.2.1"));
  });

  it("keeps an unknown address apart", () => {
    expect(addressLimitKey(null)).toBe("unknown");
  });
});
