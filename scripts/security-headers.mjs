// @ts-check
// Security headers for every response the server sends: pages, resource routes (CSV, calendar files,
// QR codes) and static files alike. See docs/decisions/0017-content-security-policy.md.
import { randomBytes } from "node:crypto";

/** Features the service never uses; the browser refuses them to the page and anything it embeds. */
const DISABLED_FEATURES = [
  "accelerometer",
  "autoplay",
  "browsing-topics",
  "camera",
  "display-capture",
  "geolocation",
  "gyroscope",
  "hid",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
];

/** A fresh, unguessable nonce: 128 random bits, base64 as CSP wants it. */
export function createNonce() {
  return randomBytes(16).toString("base64");
}

/**
 * The Content-Security-Policy for one response. Scripts run only from this origin or inline with this
 * response's nonce. Development relaxes two things Vite's dev server needs: inline styles (it injects
 * the page's CSS as <style> to avoid a flash of unstyled content) and its hot-reload websocket.
 * @param {string} nonce
 * @param {{ development?: boolean }} [options]
 */
export function contentSecurityPolicy(nonce, { development = false } = {}) {
  const directives = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`],
    "style-src": development ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": development ? ["'self'", "ws:", "wss:"] : ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "manifest-src": ["'self'"],
    "worker-src": ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/**
 * Every header for one response. `https` is whether the client reached us over HTTPS.
 * @param {{ nonce: string, https: boolean, development?: boolean }} options
 * @returns {Record<string, string>}
 */
export function securityHeaders({ nonce, https, development = false }) {
  /** @type {Record<string, string>} */
  const headers = {
    "Content-Security-Policy": contentSecurityPolicy(nonce, { development }),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": DISABLED_FEATURES.map((feature) => `${feature}=()`).join(", "),
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    // For browsers that predate `frame-ancestors`.
    "X-Frame-Options": "DENY",
  };
  // Only over HTTPS: a browser ignores HSTS on plain HTTP, and sending it from a laptop's
  // http://localhost would be pointless at best.
  if (https) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

/**
 * Express middleware: makes this request's nonce (`res.locals.cspNonce`, handed to Remix through the
 * load context) and sets the headers before anything else can answer.
 * @returns {import("express").RequestHandler}
 */
export function securityHeadersMiddleware({ development = false } = {}) {
  return (req, res, next) => {
    const nonce = createNonce();
    res.locals.cspNonce = nonce;
    // `req.secure` follows X-Forwarded-Proto only when TRUST_PROXY says the proxy is trusted.
    res.set(securityHeaders({ nonce, https: req.secure, development }));
    next();
  };
}
