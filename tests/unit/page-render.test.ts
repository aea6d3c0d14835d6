/**
 * How a page's render ends (app/entry.server.tsx, and the patch of `@remix-run/express` in decision 0100):
 * once the page is written, nothing of its render is kept waiting. Before, every page left two timers of
 * five and six seconds holding its render and its data, so a busy server kept thousands of finished pages
 * alive and spent its time collecting them.
 */
import { execFileSync } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequestHandler as createNodeRequestHandler, type ServerBuild } from "@remix-run/node";
import { createRequestHandler } from "@remix-run/express";
import express from "express";
import { useLocation } from "@remix-run/react";
import { createElement } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as entryServer from "~/entry.server";

/** Paragraphs enough for a page of about 200 KB: more than a stream buffers before it waits for its reader. */
const LONG_PAGE = Array.from({ length: 4000 }, (_, n) => `Paragraph ${n} of a long page.`);

/**
 * Text of characters two to four bytes wide, in pieces of lengths that do not divide React's 2 KB view, so
 * that some character falls across each of its ends: a delivery's notes of 600 "’" (as an edit form's
 * textarea holds them), quotes, accents and emoji, as a guide page or a topic's title has them.
 */
const WIDE_TEXT = ["’".repeat(600), ...Array.from({ length: 60 }, (_, n) => `${"‘What to do now’ – café £5 🔪😀 ".repeat(1 + (n % 7))}${n}`)];

/** A server build of one route, the document itself, rendered by the app's own entry. */
const build = {
  mode: "production",
  entry: { module: entryServer },
  routes: {
    root: {
      id: "root",
      path: "",
      module: {
        default: () => {
          const { search } = useLocation();
          if (search === "?wide") {
            const [notes, ...rest] = WIDE_TEXT;
            const fields = [
              createElement("textarea", { key: "notes", name: "notes", defaultValue: notes }),
              ...rest.map((text) => createElement("p", { key: text }, text)),
            ];
            return createElement("html", { lang: "en" }, createElement("body", null, ...fields));
          }
          const paragraphs = (search === "?long" ? LONG_PAGE : ["A page"]).map((text) => createElement("p", { key: text }, text));
          return createElement("html", { lang: "en" }, createElement("body", null, ...paragraphs));
        },
        loader: () => ({ pupils: 28 }),
      },
    },
  },
  assets: {
    entry: { imports: [], module: "/entry.js" },
    routes: {
      root: {
        id: "root",
        path: "",
        module: "/root.js",
        hasAction: false,
        hasLoader: true,
        hasClientAction: false,
        hasClientLoader: false,
        hasErrorBoundary: false,
      },
    },
    url: "/manifest.js",
    version: "test",
  },
  publicPath: "/build/",
  assetsBuildDirectory: "public/build",
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true },
  isSpaMode: false,
} as unknown as ServerBuild;

const context = { cspNonce: "", clientAddress: "192.0.2.1", secureCookies: false, setCookie: () => {} };

afterEach(() => {
  vi.useRealTimers();
});

/** A response as Node's client read it. */
type Answer = { status?: number; headers: http.IncomingHttpHeaders; text: string };

/**
 * Serves the build through the Express adapter, as the server does, while `work` runs; `send` asks for a
 * path with Node's own client (fetch keeps timers of its own).
 */
async function withAdapterServer(work: (send: (path: string, method?: string) => Promise<Answer>) => Promise<void>) {
  const app = express();
  app.all("*", createRequestHandler({ build, mode: "production", getLoadContext: () => context }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  const send = (path: string, method = "GET") =>
    new Promise<Answer>((resolve, reject) => {
      http
        .request({ host: "127.0.0.1", port, path, method, agent: false }, (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (text += chunk));
          response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, text }));
        })
        .on("error", reject)
        .end();
    });
  try {
    await work(send);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe("a page's render", () => {
  it("leaves no timer behind once the page is sent, through the server's adapter", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    await withAdapterServer(async (send) => {
      const page = await send("/");
      expect(page.status).toBe(200);
      expect(page.text).toContain("<p>A page</p>");
      await vi.waitFor(() => expect(vi.getTimerCount()).toBe(0));
    });
  });

  it("leaves no timer behind for a HEAD request, whose long page nobody reads", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    await withAdapterServer(async (send) => {
      expect((await send("/?long")).text).toContain("Paragraph 3999 of a long page.");
      await vi.waitFor(() => expect(vi.getTimerCount()).toBe(0));
      const head = await send("/?long", "HEAD");
      expect([head.status, head.text]).toEqual([200, ""]);
      await vi.waitFor(() => expect(vi.getTimerCount()).toBe(0));
    });
  });

  it("sends a long page whole, with its length, not in chunks (decision 0120)", async () => {
    await withAdapterServer(async (send) => {
      const page = await send("/?long");
      expect(page.text).toContain("Paragraph 3999 of a long page.");
      expect(page.headers["transfer-encoding"]).toBeUndefined();
      expect(Number(page.headers["content-length"])).toBe(Buffer.byteLength(page.text));
    });
  });

  it("writes characters wider than a byte whole where they cross the ends of React's 2 KB view, with no NUL bytes", async () => {
    await withAdapterServer(async (send) => {
      const page = await send("/?wide");
      // Before react-dom was patched (facebook/react#24985), the page held NUL bytes where a view ended, and a
      // browser turned those in a textarea into U+FFFD, saved back by a form sent unchanged.
      expect(page.text).not.toContain("\u0000");
      expect(page.text).toContain(`<textarea name="notes">${WIDE_TEXT[0]}</textarea>`);
      for (const text of WIDE_TEXT.slice(1)) expect(page.text).toContain(`<p>${text}</p>`);
      expect(Number(page.headers["content-length"])).toBe(Buffer.byteLength(page.text));
    });
  });

  it("writes them whole in the production build of React's renderer too, the one the server runs", () => {
    // The unit tests run React's development build; the server runs the production one, patched apart.
    const script = `
      const { createElement } = require("react");
      const { renderToPipeableStream } = require("react-dom/server");
      const { Writable } = require("node:stream");
      const chunks = [];
      const page = new Writable({ write(chunk, _, done) { chunks.push(Buffer.from(chunk)); done(); } });
      page.on("finish", () => process.stdout.write(Buffer.concat(chunks)));
      const texts = JSON.parse(process.argv[1]);
      const { pipe } = renderToPipeableStream(createElement("div", null, ...texts.map((text, key) => createElement("p", { key }, text))), { onAllReady: () => pipe(page) });
    `;
    const html = execFileSync(process.execPath, ["-e", script, JSON.stringify(WIDE_TEXT)], { env: { ...process.env, NODE_ENV: "production" } });
    expect(html.includes(0)).toBe(false);
    expect(html.toString("utf8")).toBe(`<div>${WIDE_TEXT.map((text) => `<p>${text}</p>`).join("")}</div>`);
  });

  it("leaves no timer of its own behind when its reader goes before the page is read", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const reader = new AbortController();
    const handle = createNodeRequestHandler(build);
    const response = await handle(new Request("http://localhost/", { signal: reader.signal }), context);
    // While the page is being written, React may still cut it short.
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    await response.body?.cancel();
    reader.abort();
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(0));
  });
});
