import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, securityHeaders } from "../../scripts/security-headers.mjs";

describe("security headers", () => {
  it("sends HSTS only to clients that came over HTTPS", () => {
    expect(securityHeaders({ nonce: "n", https: true })["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(securityHeaders({ nonce: "n", https: false })).not.toHaveProperty("Strict-Transport-Security");
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
