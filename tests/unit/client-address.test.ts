import { describe, expect, it } from "vitest";
import { addressForLimits } from "../../scripts/lib/client-address.mjs";

describe("the address a client's limits count", () => {
  it("is an IPv4 address as it is, however it is written", () => {
    expect(addressForLimits("192.0.2.1")).toBe("192.0.2.1");
    expect(addressForLimits("::ffff:192.0.2.1")).toBe("192.0.2.1");
  });

  it("is an IPv6 client's /64 network, so moving within it does not reset a limit", () => {
    const one = addressForLimits("2001:db8:0:1:aaaa:bbbb:cccc:dddd");
    expect(one).toBe("2001:db8:0:1::/64");
    expect(addressForLimits("2001:db8:0:1::1")).toBe(one);
    expect(addressForLimits("2001:0db8:0000:0001:ffff:ffff:ffff:ffff")).toBe(one);
    expect(addressForLimits("2001:db8:0:2::1")).not.toBe(one);
  });

  it("leaves what is not an address as it is", () => {
    expect(addressForLimits("unknown")).toBe("unknown");
  });
});
