// @ts-check
import ipaddr from "ipaddr.js";

/**
 * The address that per-address limits and the sign-in throttle count a client by: an IPv4 address as it
 * is (an IPv4 address written as IPv6, `::ffff:192.0.2.1`, as the IPv4 address), and an IPv6 address by
 * its /64 network, since one home, phone or server is normally given a whole /64 and can answer from any
 * of its 2^64 addresses. Anything that is not an address (`unknown`) is returned as it is.
 * @param {string} address
 * @returns {string} e.g. "192.0.2.1", "2001:db8:0:1::/64"
 */
export function addressForLimits(address) {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const network = /** @type {import("ipaddr.js").IPv6} */ (parsed).parts.slice(0, 4);
  return `${network.map((part) => part.toString(16)).join(":")}::/64`;
}
