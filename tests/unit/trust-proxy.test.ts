/**
 * TRUST_PROXY, as the server reads it (`trustProxy`, scripts/server.mjs): which proxies' X-Forwarded-For it
 * believes. A whole number is how many proxies are in front (Express alone read "1" as the address 0.0.0.1
 * and trusted nothing, without a word); a value it cannot take stops the start, naming the setting.
 */
import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { trustProxy } from "../../scripts/server.mjs";

/** The client address a request with `forwarded` as its X-Forwarded-For is taken to come from, under `setting`. */
async function clientAddress(setting: string, forwarded: string): Promise<string> {
  const app = express();
  trustProxy(app, setting);
  app.get("/", (req, res) => void res.send(req.ip));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await (await fetch(`http://127.0.0.1:${port}/`, { headers: { "X-Forwarded-For": forwarded } })).text();
  } finally {
    server.close();
  }
}

describe("TRUST_PROXY", () => {
  it("takes a whole number as how many proxies are in front", async () => {
    expect(await clientAddress("1", "203.0.113.9")).toBe("203.0.113.9");
    // One proxy: an address the client wrote before it is not believed.
    expect(await clientAddress("1", "198.51.100.1, 203.0.113.9")).toBe("203.0.113.9");
  });

  it("takes the proxy's address, by name or number, as before", async () => {
    expect(await clientAddress("loopback", "203.0.113.9")).toBe("203.0.113.9");
    expect(await clientAddress("127.0.0.1, 10.0.0.0/8", "203.0.113.9")).toBe("203.0.113.9");
    // A proxy elsewhere: the request from this machine is not from it, so its header is not believed.
    expect(await clientAddress("192.0.2.10", "203.0.113.9")).toBe("127.0.0.1");
  });

  it("stops the start, naming the setting, on a value it cannot take", () => {
    for (const value of ["true", "yes", "0", "0.0.0.300", "the proxy"]) {
      expect(() => trustProxy(express(), value), value).toThrow(/^TRUST_PROXY ".*" is not a setting it takes/);
    }
  });
});
