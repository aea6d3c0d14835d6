import type http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { startRequestsInTurn } from "../../scripts/lib/request-turns.mjs";

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Busy work standing for a request's synchronous part (SQLite calls, rendering). */
function busyFor(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe("requests start one per turn of the event loop", () => {
  it("starts the requests held in the order they arrived, one at each turn", async () => {
    const middleware = startRequestsInTurn();
    const started: number[] = [];
    const hold = (n: number) => middleware({} as express.Request, {} as express.Response, () => started.push(n));
    hold(1);
    hold(2);
    hold(3);
    expect(started).toEqual([]);
    await nextTurn();
    expect(started).toEqual([1]);
    await nextTurn();
    expect(started).toEqual([1, 2]);
    hold(4);
    await nextTurn();
    await nextTurn();
    expect(started).toEqual([1, 2, 3, 4]);
  });

  it("starts the health check at once, ahead of the requests held", async () => {
    const middleware = startRequestsInTurn({ unheld: (req) => req.path === "/healthz" });
    const started: string[] = [];
    const ask = (path: string) => middleware({ path } as express.Request, {} as express.Response, () => started.push(path));
    ask("/a");
    ask("/b");
    ask("/healthz");
    expect(started).toEqual(["/healthz"]);
    await nextTurn();
    await nextTurn();
    expect(started).toEqual(["/healthz", "/a", "/b"]);
  });

  let server: http.Server | undefined;
  const sockets: net.Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  // A busy process answering kept-alive connections in a closed loop, as pupils' phones do. New
  // connections arrive; each must be served after a few of the requests already waiting, not after a
  // whole round of everyone's for every new connection ahead of it (the event loop accepts one new
  // connection per turn, and without turns a turn runs every request that arrived in it).
  it("serves new connections on a busy server after a few requests, not after rounds of everyone's", async () => {
    const app = express();
    app.use(startRequestsInTurn());
    let started = 0;
    app.post("/", (_req, res) => {
      started++;
      busyFor(3);
      res.status(302).set("Location", "/").end();
    });
    server = app.listen(0);
    await new Promise((resolve) => server?.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    const request = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";

    /** A connection that sends a request again as soon as each answer comes; calls `answered` on each answer. */
    const keepAsking = (answered: () => void = () => {}) => {
      const socket = net.connect(port, "127.0.0.1");
      sockets.push(socket);
      socket.on("data", (chunk) => {
        for (let i = chunk.toString().split("HTTP/1.1 302").length - 1; i > 0; i--) {
          answered();
          socket.write(request);
        }
      });
      socket.write(request);
    };

    for (let i = 0; i < 16; i++) keepAsking();
    // Let the busy ones settle into their loop.
    while (started < 100) await new Promise((resolve) => setTimeout(resolve, 5));

    const newcomers = 12;
    const startedBeforeFirstAnswer: number[] = [];
    const startedAtArrival = started;
    await new Promise<void>((resolve) => {
      for (let i = 0; i < newcomers; i++) {
        let first = true;
        keepAsking(() => {
          if (!first) return;
          first = false;
          startedBeforeFirstAnswer.push(started - startedAtArrival);
          if (startedBeforeFirstAnswer.length === newcomers) resolve();
        });
      }
    });
    // With turns: about one request per connection ahead (16 + 12 = 28). Without them, the last new
    // connection is accepted only after 11 turns of 16 or more requests each (over 170).
    expect(Math.max(...startedBeforeFirstAnswer)).toBeLessThan(80);
  });

  /** Starts `app` and opens `count` connections to it; resolves once the server has accepted them all. */
  async function acceptedConnections(app: express.Express, count: number): Promise<net.Socket[]> {
    server = app.listen(0);
    await new Promise((resolve) => server?.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    let accepted = 0;
    server.on("connection", () => accepted++);
    const connections = Array.from({ length: count }, () => net.connect(port, "127.0.0.1"));
    sockets.push(...connections);
    while (accepted < count) await new Promise((resolve) => setTimeout(resolve, 5));
    return connections;
  }

  it("drops a request whose sender closed the connection while it was held", async () => {
    const app = express();
    app.use(startRequestsInTurn());
    const ran: string[] = [];
    app.post("/:which", (req, res) => {
      ran.push(req.params.which ?? "");
      res.status(204).end();
    });
    const [staying, leaving] = await acceptedConnections(app, 2);

    // Both requests reach the server before it reads either; the second's sender has already gone.
    const answered = new Promise((resolve) => staying!.once("data", resolve));
    staying!.write("POST /staying HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    leaving!.end("POST /leaving HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    await answered;
    // The second request's turn was booked before the first's answer arrived here, so it has come.
    await nextTurn();
    await nextTurn();
    expect(ran).toEqual(["staying"]);
  });

  it("turns a request away with a 503, before running any of it, when the most it holds are waiting", async () => {
    const app = express();
    app.use(startRequestsInTurn({ mostHeld: 2 }));
    let ran = 0;
    app.post("/", (_req, res) => {
      ran++;
      res.status(204).end();
    });
    // Five connections, all accepted before any sends, then five requests written in one go: the server
    // reads them in one turn, so two are held and three find the queue full.
    const answers: Promise<string>[] = [];
    const connections = await acceptedConnections(app, 5);
    for (const socket of connections) {
      answers.push(new Promise((resolve) => socket.once("data", (chunk) => resolve(chunk.toString()))));
      socket.write("POST / HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\nContent-Length: 0\r\n\r\n");
    }
    const statuses = (await Promise.all(answers)).map((answer) => answer.slice(9, 12));
    expect(statuses.sort()).toEqual(["204", "204", "503", "503", "503"]);
    expect(ran).toBe(2);
    const refusal = (await Promise.all(answers)).find((answer) => answer.startsWith("HTTP/1.1 503")) ?? "";
    expect(refusal).toMatch(/^Retry-After: 5\r$/im);
    expect(refusal).toContain("Nothing you sent has been done");
  });
});
