import http from "node:http";
import net, { type AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkRequestBodies,
  dropUndecodableCookies,
  dropUnreadBodies,
  errorPages,
  refuseCrossSiteRequests,
  refuseInvalidHosts,
  refuseOldDataRequests,
  refuseUndecodablePaths,
  refuseUnknownMethods,
} from "../../scripts/lib/request-guards.mjs";

/** What the test server drops of a refused body before it cuts the connection. */
const UNREAD_LIMIT = 16 * 1024 * 1024;

// The guards in front of an app that says what reached it: the Cookie header and the body's length.
function guardedApp({ trustProxy = false } = {}) {
  const app = express();
  if (trustProxy) app.set("trust proxy", 1);
  app.use(dropUnreadBodies({ limit: UNREAD_LIMIT }));
  app.use(refuseInvalidHosts());
  app.use(refuseUndecodablePaths());
  app.use(refuseOldDataRequests());
  app.use(refuseCrossSiteRequests());
  app.use(refuseUnknownMethods());
  app.use(checkRequestBodies({ uploads: { "/upload": 2048 } }));
  app.use(dropUndecodableCookies({ paths: { vrn_survey: "/s" } }));
  app.use(express.static("public"));
  app.all("*", async (req, res) => {
    let length = res.locals.body?.length ?? 0;
    if (!res.locals.body) for await (const chunk of req) length += (chunk as Buffer).length;
    res.json({ cookie: req.headers.cookie ?? null, length, type: req.headers["content-type"] ?? null });
  });
  app.use(errorPages());
  return app;
}

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** One raw HTTP request: headers exactly as given, a body sent chunked when `chunked` is set. */
function send(
  port: number,
  {
    method = "GET",
    path = "/",
    headers = {},
    body,
    chunked = false,
  }: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const all: Record<string, string> = { ...headers };
    if (body !== undefined && !chunked) all["Content-Length"] = String(Buffer.byteLength(body));
    const request = http.request({ host: "127.0.0.1", port, method, path, headers: all }, (response) => {
      const parts: Buffer[] = [];
      response.on("data", (chunk: Buffer) => parts.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(parts).toString() }));
    });
    // The server may answer (and close) before a refused body is all sent: that is the point.
    request.on("error", (error) => (error.message.includes("EPIPE") || error.message.includes("ECONNRESET") ? undefined : reject(error)));
    if (body !== undefined && chunked) {
      // Several chunks, as a streaming client would send them.
      const bytes = Buffer.from(body);
      for (let i = 0; i < bytes.length; i += 1000) request.write(bytes.subarray(i, i + 1000));
    } else if (body !== undefined) request.write(body);
    request.end();
  });
}

let server: http.Server;
let port: number;
let proxied: http.Server;
let proxiedPort: number;
const origin = () => `http://127.0.0.1:${port}`;
const FORM = { "Content-Type": "application/x-www-form-urlencoded" };
const fromHere = () => ({ Origin: origin() });

beforeAll(async () => {
  server = guardedApp().listen(0, "127.0.0.1");
  proxied = guardedApp({ trustProxy: true }).listen(0, "127.0.0.1");
  await Promise.all([server, proxied].map((s) => new Promise((resolve) => s.once("listening", resolve))));
  port = (server.address() as AddressInfo).port;
  proxiedPort = (proxied.address() as AddressInfo).port;
});
afterAll(() => {
  server.close();
  proxied.close();
});

describe("the Host header", () => {
  it("refuses one that names no valid host with the 400 page, and takes a real one", async () => {
    for (const host of ["exa mple", "a@b", "[", "localhost:99999"]) {
      const answer = await send(port, { headers: { Host: host } });
      expect([host, answer.status]).toEqual([host, 400]);
      expect(answer.body).toContain("The request named a host that is not valid.");
    }
    const forwarded = await send(port, { headers: { Host: `localhost:${port}`, "X-Forwarded-Host": "localhost:99999" } });
    expect(forwarded.status).toBe(400);
    expect((await send(port, { headers: { Host: `localhost:${port}` } })).status).toBe(200);
  });
});

describe("methods", () => {
  it("answers only GET, HEAD and POST, and any other method of this site with 405 before its body is read", async () => {
    const sameOrigin = { ...FORM, "Sec-Fetch-Site": "same-origin" };
    // Before, a DELETE, PUT or PATCH with a form's body ran that form's action, as a POST does.
    for (const method of ["DELETE", "PUT", "PATCH", "OPTIONS", "PROPFIND"]) {
      const answer = await send(port, { method, path: "/schools/new", headers: sameOrigin, body: "urn=991234" });
      expect(answer.status, method).toBe(405);
      expect(answer.headers.allow).toBe("GET, HEAD, POST");
      expect(answer.body).not.toContain('"length"');
    }
    expect((await send(port, { method: "POST", path: "/schools/new", headers: sameOrigin, body: "urn=991234" })).status).toBe(200);
    expect((await send(port, { method: "HEAD" })).status).toBe(200);
  });
});

describe("cross-site requests (CSRF)", () => {
  it("refuses a POST that shows neither Sec-Fetch-Site nor Origin", async () => {
    const answer = await send(port, { method: "POST", headers: FORM, body: "a=1" });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("This request was refused");
  });

  it("compares the Origin's scheme as well as its host", async () => {
    expect((await send(port, { method: "POST", headers: { ...FORM, Origin: `https://127.0.0.1:${port}` }, body: "a=1" })).status).toBe(403);
    expect((await send(port, { method: "POST", headers: { ...FORM, Origin: `http://127.0.0.1:${port + 1}` }, body: "a=1" })).status).toBe(403);
    expect((await send(port, { method: "POST", headers: { ...FORM, Origin: "null" }, body: "a=1" })).status).toBe(403);
    expect((await send(port, { method: "POST", headers: { ...FORM, Origin: origin() }, body: "a=1" })).status).toBe(200);
  });

  it("takes the browser's Sec-Fetch-Site: same-origin, and refuses same-site and cross-site", async () => {
    expect((await send(port, { method: "POST", headers: { ...FORM, "Sec-Fetch-Site": "same-origin" }, body: "a=1" })).status).toBe(200);
    expect((await send(port, { method: "POST", headers: { ...FORM, "Sec-Fetch-Site": "same-site", Origin: origin() }, body: "a=1" })).status).toBe(403);
    expect((await send(port, { method: "DELETE", headers: { "Sec-Fetch-Site": "cross-site" } })).status).toBe(403);
  });

  it("refuses an Origin that names another host even beside Sec-Fetch-Site: same-origin, or with a Host that does not match it", async () => {
    const sameOrigin = { ...FORM, "Sec-Fetch-Site": "same-origin" };
    expect((await send(port, { method: "POST", headers: { ...sameOrigin, Origin: "http://evil.example" }, body: "a=1" })).status).toBe(403);
    expect((await send(port, { method: "POST", headers: { ...sameOrigin, Origin: origin(), Host: "evil.example" }, body: "a=1" })).status).toBe(403);
    expect((await send(port, { method: "POST", headers: { ...sameOrigin, Origin: origin(), "X-Forwarded-Host": "evil.example" }, body: "a=1" })).status).toBe(
      403,
    );
    expect((await send(port, { method: "POST", headers: { ...sameOrigin, Origin: origin() }, body: "a=1" })).status).toBe(200);
  });

  it("behind a trusted TLS proxy, expects the https Origin the browser really sends", async () => {
    const host = "forum.example.org";
    const forwarded = { ...FORM, Host: host, "X-Forwarded-Proto": "https" };
    expect((await send(proxiedPort, { method: "POST", headers: { ...forwarded, Origin: `https://${host}` }, body: "a=1" })).status).toBe(200);
    expect((await send(proxiedPort, { method: "POST", headers: { ...forwarded, Origin: `http://${host}` }, body: "a=1" })).status).toBe(403);
    // Without TRUST_PROXY the forwarded scheme is not believed.
    expect((await send(port, { method: "POST", headers: { ...forwarded, Origin: `https://${host}` }, body: "a=1" })).status).toBe(403);
  });
});

describe("request bodies", () => {
  it("refuses JSON, text and multipart (outside the upload paths) with 415 and the service's page", async () => {
    for (const type of ["application/json", "text/plain", "multipart/form-data; boundary=x", "application/octet-stream"]) {
      const answer = await send(port, { method: "POST", headers: { ...fromHere(), "Content-Type": type, Accept: "text/html" }, body: "{}" });
      expect(answer.status, type).toBe(415);
      expect(answer.body).toContain("VRN Schools Forum");
    }
    expect((await send(port, { method: "POST", headers: fromHere(), body: "a=1" })).status, "no type at all").toBe(415);
  });

  it("takes no body at all as an empty form, and refuses an empty body of another type", async () => {
    const untyped = await send(port, { method: "POST", headers: { ...fromHere(), "Content-Length": "0" } });
    expect(untyped.status).toBe(200);
    expect(JSON.parse(untyped.body)).toMatchObject({ length: 0, type: "application/x-www-form-urlencoded" });
    expect((await send(port, { method: "POST", headers: fromHere() })).status, "no Content-Length either").toBe(200);
    for (const type of ["application/json", "text/plain", "multipart/form-data; boundary=x"]) {
      expect((await send(port, { method: "POST", headers: { ...fromHere(), "Content-Type": type, "Content-Length": "0" } })).status, type).toBe(415);
    }
    const upload = await send(port, {
      method: "POST",
      path: "/upload",
      headers: { ...fromHere(), "Content-Type": "multipart/form-data; boundary=x", "Content-Length": "0" },
    });
    expect(upload.status, "an empty upload is the upload reader's to answer").toBe(200);
  });

  it("takes multipart on an upload path, and its .data twin", async () => {
    const multipart = { ...fromHere(), "Content-Type": "multipart/form-data; boundary=x" };
    expect((await send(port, { method: "POST", path: "/upload", headers: multipart, body: "--x--" })).status).toBe(200);
    expect((await send(port, { method: "POST", path: "/upload.data", headers: multipart, body: "--x--" })).status).toBe(200);
  });

  it("refuses a form over 1 MB with 413 from its Content-Length, before reading it", async () => {
    const body = Buffer.alloc(1024 * 1024 + 1, "a");
    const answer = await send(port, { method: "POST", headers: { ...fromHere(), ...FORM }, body });
    expect(answer.status).toBe(413);
    expect((await send(port, { method: "POST", headers: { ...fromHere(), ...FORM }, body: Buffer.alloc(1024 * 1024, "a") })).status).toBe(200);
  });

  it("counts a chunked body as it arrives, refusing it past the limit and passing it on within it", async () => {
    const over = await send(port, { method: "POST", headers: { ...fromHere(), ...FORM }, body: Buffer.alloc(1024 * 1024 + 1, "a"), chunked: true });
    expect(over.status).toBe(413);
    const within = await send(port, { method: "POST", headers: { ...fromHere(), ...FORM }, body: "a=1&b=2", chunked: true });
    expect(within.status).toBe(200);
    expect(JSON.parse(within.body)).toMatchObject({ length: 7 });
  });

  it("refuses a form whose text is not valid UTF-8, as sent or in its escapes, and takes one that is", async () => {
    const post = (body: Buffer | string, chunked = false) =>
      send(port, { method: "POST", headers: { ...fromHere(), ...FORM, Accept: "text/html" }, body, chunked });
    for (const body of ["name=%FF", "name=caf%C3", "name=%C3&next=%A9", "name=%ED%A0%80", "name=%C0%AF"]) {
      const answer = await post(body);
      expect(answer.status, body).toBe(400);
      expect(answer.body).toContain("not valid UTF-8");
      expect((await post(body, true)).status, `${body}, chunked`).toBe(400);
    }
    expect((await post(Buffer.from([0x6e, 0x3d, 0xff]))).status, "a raw byte that is not UTF-8").toBe(400);
    for (const body of ["name=caf%C3%A9", "name=100%&b=%zz+c", "name=café", ""]) {
      const answer = await post(body);
      expect(answer.status, body).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ length: Buffer.byteLength(body) });
    }
  });

  it("gives an upload path its own limit", async () => {
    const multipart = { ...fromHere(), "Content-Type": "multipart/form-data; boundary=x" };
    expect((await send(port, { method: "POST", path: "/upload", headers: multipart, body: Buffer.alloc(2049, "a") })).status).toBe(413);
    expect((await send(port, { method: "POST", path: "/upload", headers: multipart, body: Buffer.alloc(2049, "a"), chunked: true })).status).toBe(413);
  });
});

describe("a body refused before it is read", () => {
  // More than the socket buffers hold, so the client is still sending when the answer comes.
  const large = Buffer.alloc(8 * 1024 * 1024, "a");

  /**
   * Sends half the body, waits for the answer, then sends the rest, as a browser on a slow link would
   * still be sending when the answer comes. Resolves to the answer once all is sent and read; any error
   * on the way (a reset connection, EPIPE) fails.
   */
  function sendAll(headers: Record<string, string>, body: Buffer, { chunked = false } = {}) {
    return new Promise<Answer>((resolve, reject) => {
      const request = http.request(
        { host: "127.0.0.1", port, method: "POST", path: "/", headers: chunked ? headers : { ...headers, "Content-Length": String(body.length) } },
        (response) => {
          request.end(body.subarray(body.length / 2));
          const parts: Buffer[] = [];
          response.on("data", (chunk: Buffer) => parts.push(chunk));
          const read = new Promise<void>((done) => response.on("end", done));
          const sent = new Promise<void>((done) => request.on("finish", done));
          void Promise.all([read, sent]).then(() =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(parts).toString() }),
          );
        },
      );
      request.on("error", reject);
      request.write(body.subarray(0, body.length / 2));
    });
  }

  it("is read to its end and dropped, so the client gets the 413 page rather than a reset connection", async () => {
    for (const chunked of [false, true]) {
      const answer = await sendAll({ ...fromHere(), ...FORM }, large, { chunked });
      expect(answer.status, chunked ? "chunked" : "with its length").toBe(413);
      expect(answer.body).toContain("What was sent is larger than this page takes");
    }
  });

  it("does not lose the answer to a refused origin or type either", async () => {
    expect((await sendAll({ ...FORM }, large)).status).toBe(403);
    expect((await sendAll({ ...fromHere(), "Content-Type": "application/json" }, large)).status).toBe(415);
  });

  it("is dropped only up to a limit, past which the connection is cut", async () => {
    const socket = net.connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.on("error", () => undefined);
    let open = true;
    const closed = new Promise<void>((resolve) => socket.once("close", resolve)).then(() => (open = false));
    socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${origin()}\r\nContent-Type: ${FORM["Content-Type"]}\r\nContent-Length: ${1024 ** 3}\r\n\r\n`);
    const chunk = Buffer.alloc(256 * 1024, "a");
    let written = 0;
    while (open && written < 4 * UNREAD_LIMIT) {
      written += chunk.length;
      if (!socket.write(chunk)) await Promise.race([new Promise((resolve) => socket.once("drain", resolve)), closed]);
    }
    socket.destroy();
    expect(open, "cut before four times the limit was sent").toBe(false);
    expect(written).toBeGreaterThan(UNREAD_LIMIT);
  });
});

describe("cookies that do not decode", () => {
  it("are taken out of the request and cleared where they were set; good ones stay", async () => {
    const answer = await send(port, { headers: { Cookie: "vrn_session=%; vrn_survey=%ZZ; vrn_flash=ok" } });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ cookie: "vrn_flash=ok" });
    expect(answer.headers["set-cookie"]).toEqual([
      "vrn_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
      "vrn_survey=; Max-Age=0; Path=/s; HttpOnly; SameSite=Lax",
    ]);
  });

  it("leave a request with only good cookies as it was", async () => {
    const answer = await send(port, { headers: { Cookie: "vrn_session=abc; other=%20x" } });
    expect(JSON.parse(answer.body)).toMatchObject({ cookie: "vrn_session=abc; other=%20x" });
    expect(answer.headers["set-cookie"]).toBeUndefined();
  });
});

describe("addresses that do not decode", () => {
  it("get the service's 400 page, not Express's bare one", async () => {
    const answer = await send(port, { path: "/%ED%A0%80", headers: { Accept: "text/html" } });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain("<title>The request could not be understood – VRN Schools Forum</title>");
    expect(answer.body).toContain('<html lang="en-GB">');
  });

  it("include a query that is not valid UTF-8, while a valid one, and a % that escapes nothing, pass", async () => {
    for (const path of ["/?q=%FF", "/search?q=caf%C3&page=2", "/?q=%ED%A0%80"]) {
      const answer = await send(port, { path, headers: { Accept: "text/html" } });
      expect(answer.status, path).toBe(400);
      expect(answer.body).toContain("The address is not valid");
    }
    for (const path of ["/?q=caf%C3%A9", "/?q=100%", "/?q=%zz&x"]) expect((await send(port, { path })).status, path).toBe(200);
  });

  // Node's parser refuses these before any middleware (a browser always escapes them, RFC 3986); were it
  // made lenient (insecureHTTPParser), the app would read each byte as Latin-1: a raw "é" searched for as "Ã©".
  it("include a byte outside ASCII sent as it stands", async () => {
    for (const raw of [Buffer.from("/?q=café"), Buffer.from([0x2f, 0x3f, 0x71, 0x3d, 0xff]), Buffer.from("/caf\u00e9")]) {
      const status = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, "127.0.0.1", () => {
          socket.write(Buffer.concat([Buffer.from("GET "), raw, Buffer.from(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")]));
        });
        let head = "";
        socket.on("data", (chunk: Buffer) => (head += chunk.toString("latin1")));
        socket.on("end", () => resolve(head.split("\r\n")[0] ?? ""));
        socket.on("error", reject);
      });
      expect(status, raw.toString("latin1")).toBe("HTTP/1.1 400 Bad Request");
    }
  });
});

describe("the data requests of Remix before single fetch", () => {
  it("get the 400 page, whatever they name, before any page or action runs", async () => {
    for (const path of ["/sign-in?_data=", "/sign-in?_data=routes/sign-in", "/?x=1&_data=root"]) {
      const answer = await send(port, { path, headers: { Accept: "text/html" } });
      expect(answer.status, path).toBe(400);
      expect(answer.body).toContain("The address asked for something this service does not give");
    }
    const posted = await send(port, {
      method: "POST",
      path: "/sign-in?_data=routes/sign-in",
      headers: { Origin: `http://127.0.0.1:${port}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=x%40example.org&password=x",
    });
    expect(posted.status).toBe(400);
    // A field of that name in a form's body, or a similar name in the address, is not refused.
    expect((await send(port, { path: "/?data=1&_database=2" })).status).toBe(200);
  });
});
