import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, securityHeaders, securityHeadersMiddleware } from "../../scripts/security-headers.mjs";

/** The HSTS header an Express app with the middleware sends to a request forwarded as HTTPS. */
async function hstsBehindProxy(trustProxy: boolean) {
  const app = express();
  if (trustProxy) app.set("trust proxy", 1);
  app.use(securityHeadersMiddleware());
  app.get("/", (_req, res) => res.send("ok"));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { "X-Forwarded-Proto": "https" } });
    return response.headers.get("strict-transport-security");
  } finally {
    server.close();
  }
}

describe("security headers", () => {
  it("sends HSTS only to clients that came over HTTPS", () => {
    expect(securityHeaders({ nonce: "n", https: true })["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(securityHeaders({ nonce: "n", https: false })).not.toHaveProperty("Strict-Transport-Security");
  });

  it("trusts a proxy's word that the request came over HTTPS only when TRUST_PROXY says so", async () => {
    expect(await hstsBehindProxy(true)).toBe("max-age=31536000; includeSubDomains");
    expect(await hstsBehindProxy(false)).toBeNull();
  });

  it("allows inline scripts only with the nonce, in production and in development alike", () => {
    for (const development of [false, true]) {
      const policy = contentSecurityPolicy("abc", { development });
      expect(policy).toContain("script-src 'self' 'nonce-abc';");
      expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    }
  });

  it("relaxes styles and allows the hot-reload websocket only in development", () => {
    expect(contentSecurityPolicy("x")).toContain("style-src 'self';");
    expect(contentSecurityPolicy("x")).toContain("connect-src 'self';");
    expect(contentSecurityPolicy("x", { development: true })).toContain("style-src 'self' 'unsafe-inline';");
    expect(contentSecurityPolicy("x", { development: true })).toContain("connect-src 'self' ws: wss:;");
  });

  it("makes a different nonce every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
  });
});
