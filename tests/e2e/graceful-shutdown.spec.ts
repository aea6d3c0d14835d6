import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { copyDatabase, freePort, startServer } from "../../scripts/lib/harness.mjs";
import { databaseFile } from "./support/auth";
import { expect, test } from "./support/fixtures";

/**
 * Not a browser journey: this starts a second copy of the built server (its own port and a copy of
 * the test database) and stops it with SIGTERM, as a service manager or a deployment would.
 */
test.describe("stopping the server", () => {
  // It starts a whole second server of its own.
  test.slow();

  test("on SIGTERM it refuses new connections, finishes the request in flight, closes idle ones and exits 0", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vrn-shutdown-"));
    const copy = path.join(dir, "app.db");
    await copyDatabase(databaseFile, copy);
    const port = await freePort();
    const server = await startServer({ databaseFile: copy, port });
    try {
      // Said before it listens, but its output comes down a pipe of its own, which may be read after the page.
      await expect
        .poll(() => server.output())
        .toContain("Database settings checked: journal_mode=wal, synchronous=NORMAL, foreign_keys=ON, busy_timeout=5000 ms");

      // An idle keep-alive connection, as a browser leaves one open between pages.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const first = await new Promise<number>((resolve, reject) => {
        http
          .get({ host: "127.0.0.1", port, path: "/sign-in", agent }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          })
          .on("error", reject);
      });
      expect(first).toBe(200);

      const inFlight = await halfASignIn(port);

      const stoppedAt = Date.now();
      server.child.kill("SIGTERM");
      // The server logs this line in the same tick as it closes its listening socket.
      await expect.poll(() => server.output()).toContain("SIGTERM: finishing requests in flight, then stopping.");

      // No new connections once it is stopping.
      const refused = await new Promise<string>((resolve) => {
        const probe = net.connect(port, "127.0.0.1");
        probe.once("connect", () => {
          probe.destroy();
          resolve("connected");
        });
        probe.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
      });
      expect(refused).toBe("ECONNREFUSED");
      expect(server.child.exitCode).toBeNull();

      // The rest of the body arrives and the request is answered in full.
      const answer = await inFlight.finish();
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer.toLowerCase()).toContain("connection: close");
      expect(answer).toContain("There is a problem");

      const { code, signal } = await server.exited;
      expect(signal).toBeNull();
      expect(code).toBe(0);
      expect(Date.now() - stoppedAt).toBeLessThan(10_000);
      expect(server.output()).toContain("Stopped cleanly.");
      agent.destroy();
    } finally {
      if (server.child.exitCode === null) server.child.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("SIGTERM to the primary and every worker at once, as systemd sends it, still finishes the request in flight and exits 0", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vrn-shutdown-all-"));
    const copy = path.join(dir, "app.db");
    await copyDatabase(databaseFile, copy);
    const port = await freePort();
    const server = await startServer({ databaseFile: copy, port, env: { WEB_CONCURRENCY: "2" } });
    try {
      await expect.poll(() => workersOf(server.pid!).length).toBe(2);
      const inFlight = await halfASignIn(port);

      // systemd's default (KillMode=control-group): the signal goes to every process of the service, and the
      // primary passes one more on to each worker.
      for (const pid of [server.pid!, ...workersOf(server.pid!)]) process.kill(pid, "SIGTERM");
      await expect.poll(() => server.output()).toContain("SIGTERM: finishing requests in flight, then stopping.");
      expect(await inFlight.finish()).toMatch(/^HTTP\/1\.1 400 /);

      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.output()).toContain("Stopped cleanly.");
      expect(server.output()).not.toContain("did not stop cleanly");
    } finally {
      if (server.child.exitCode === null) server.child.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("while it stops, /healthz answers 503, so a load balancer sends it nothing more", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vrn-shutdown-health-"));
    const copy = path.join(dir, "app.db");
    await copyDatabase(databaseFile, copy);
    const port = await freePort();
    const server = await startServer({ databaseFile: copy, port });
    const health = () =>
      new Promise<number | string>((resolve) => {
        http
          .get({ host: "127.0.0.1", port, path: "/healthz", agent: false }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
      });
    try {
      expect(await health()).toBe(200);
      server.child.kill("SIGTERM");
      // Asked every 50 ms, it keeps the process taking connections (each resets the quarter-second quiet)
      // until it says it is stopping; then, once asked no more, it stops listening.
      const answers: (number | string)[] = [];
      for (let i = 0; i < 100 && answers.at(-1) !== 503; i++) {
        answers.push(await health());
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(answers.at(-1)).toBe(503);
      expect(answers.filter((answer) => typeof answer === "string")).toEqual([]);
      expect(await server.exited, `the server's log:\n${server.output()}`).toEqual({ code: 0, signal: null });
    } finally {
      if (server.child.exitCode === null) server.child.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const workers of [1, 2]) {
    test(`with ${workers} worker${workers > 1 ? "s" : ""}, every connection accepted before SIGTERM gets its whole answer, none is reset`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vrn-shutdown-accepted-"));
      const copy = path.join(dir, "app.db");
      await copyDatabase(databaseFile, copy);
      const port = await freePort();
      const server = await startServer({ databaseFile: copy, port, env: { WEB_CONCURRENCY: String(workers) } });
      // The processes that serve: the one process, or the primary's two workers, once every one listens (the
      // start-up lines come after the last worker says it does).
      await expect.poll(() => server.output()).toContain("VRN Schools Forum is running at");
      const serving = workers === 1 ? [server.pid!] : workersOf(server.pid!);
      expect(serving).toHaveLength(workers);
      try {
        // Frozen, they read nothing: the connections below are accepted (by the kernel for the one process, by
        // the primary for workers) and their requests wait whole, unread, as they do behind a busy worker. No
        // timing decides which requests are in that state: all are.
        for (const pid of serving) process.kill(pid, "SIGSTOP");
        // SIGSTOP takes effect when the process next runs, which on a busy machine can be late. Should the SIGTERM
        // below be taken in before the stop, it would no longer show as waiting; so nothing more is sent until
        // each has stopped.
        await expect.poll(() => serving.every(isStopped)).toBe(true);
        const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => requestOnItsOwnConnection(port, i % 2 === 0 ? "GET" : "POST")));
        server.child.kill("SIGTERM");
        // The primary passes SIGTERM on to its frozen workers; resumed before it has, a worker could answer a
        // request as if no stop had been asked. So each resumes with SIGTERM waiting, as the one process does.
        await expect.poll(() => serving.every(hasSigtermWaiting)).toBe(true);
        for (const pid of serving) process.kill(pid, "SIGCONT");

        for (const answer of await Promise.all(answers.map((answer) => answer.whole))) {
          expect(answer.error, `the server's log:\n${server.output()}`).toBeUndefined();
          expect(answer.text).toMatch(/^HTTP\/1\.1 (200|400) /);
          expect(answer.text.toLowerCase()).toContain("connection: close");
          expect(answer.text).toContain("</html>");
        }
        await expect.poll(() => server.output()).toContain("SIGTERM: finishing requests in flight, then stopping.");
        const probe = await requestOnItsOwnConnection(port, "GET").then(
          () => "connected",
          (error: NodeJS.ErrnoException) => error.code,
        );
        expect(probe).toBe("ECONNREFUSED");
        expect(await server.exited).toEqual({ code: 0, signal: null });
        expect(server.output()).toContain("Stopped cleanly.");
      } finally {
        for (const pid of serving) {
          try {
            process.kill(pid, "SIGCONT");
          } catch {
            // Gone already.
          }
        }
        if (server.child.exitCode === null) server.child.kill("SIGKILL");
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

/**
 * A whole request on a connection of its own (a page, or a sign-in form with a wrong password), sent once
 * the connection is made: resolves when it is, or rejects with the error. `whole` is what came back once
 * the server ended the connection, or the error that ended it (ECONNRESET for a reset).
 * @param method GET asks for the sign-in page; POST sends the sign-in form
 */
async function requestOnItsOwnConnection(port: number, method: "GET" | "POST") {
  const body = "email=nobody%40example.org&password=not-the-password";
  const connection = net.connect(port, "127.0.0.1");
  await new Promise((resolve, reject) => {
    connection.once("connect", resolve);
    connection.once("error", reject);
  });
  let text = "";
  connection.on("data", (chunk) => (text += chunk));
  const whole = new Promise<{ text: string; error?: string }>((resolve) => {
    connection.once("end", () => resolve({ text }));
    connection.once("error", (error: NodeJS.ErrnoException) => resolve({ text, error: error.code ?? error.message }));
  });
  // No "Connection: close" of its own: the server's, said while it stops, is what ends the connection.
  const head = `Host: 127.0.0.1:${port}\r\n`;
  connection.write(
    method === "GET"
      ? `GET /sign-in HTTP/1.1\r\n${head}\r\n`
      : `POST /sign-in HTTP/1.1\r\n${head}Origin: http://127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
  );
  return { whole };
}

/**
 * A request in flight: a sign-in form whose body has only half arrived at the server on `port`, once the
 * server has taken it in hand (`Expect: 100-continue` makes it say so, so a signal sent next is sent while
 * the request is surely in flight, however slow the machine). `finish` sends the rest and gives the answer,
 * after the interim one, once the server ends the connection.
 */
async function halfASignIn(port: number) {
  const body = "email=nobody%40example.org&password=not-the-password";
  const connection = net.connect(port, "127.0.0.1");
  await new Promise((resolve) => connection.once("connect", resolve));
  let answer = "";
  connection.on("data", (chunk) => (answer += chunk));
  const ended = new Promise<void>((resolve) => connection.once("end", () => resolve()));
  const interim = "HTTP/1.1 100 Continue\r\n\r\n";
  connection.write(
    `POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n${body.slice(0, 20)}`,
  );
  await expect.poll(() => answer).toBe(interim);
  return {
    finish: async () => {
      connection.write(body.slice(20));
      await ended;
      return answer.slice(interim.length);
    },
  };
}

/** Whether SIGTERM has been sent to the process `pid` and not yet handled (Linux's /proc: SigPnd, ShdPnd). */
function hasSigtermWaiting(pid: number): boolean {
  const SIGTERM_BIT = 1n << 14n;
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return [...status.matchAll(/^(?:SigPnd|ShdPnd):\s*([0-9a-f]+)$/gm)].some((match) => (BigInt(`0x${match[1]}`) & SIGTERM_BIT) !== 0n);
}

/** Whether the process `pid` is stopped by a signal (Linux's /proc: state T). */
function isStopped(pid: number): boolean {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).startsWith("T");
}

/** The processes whose parent is `pid` (Linux's /proc): a primary's cluster workers. */
function workersOf(pid: number): number[] {
  return fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // The fields after the command's name, which is in brackets and may hold spaces: state, then the parent's pid.
        const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}
