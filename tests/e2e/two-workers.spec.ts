import http from "node:http";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import Database from "better-sqlite3";
import { copyDatabase, freePort, SERVER_NODE_FLAGS, sessionCookieFor, startServer } from "../../scripts/lib/harness.mjs";
import { waitForRoomInWindow } from "../support/one-window";
import { databaseFile } from "./support/auth";
import { expect, test } from "./support/fixtures";

/**
 * Not a browser journey: the built server started as production starts it with two workers
 * (WEB_CONCURRENCY=2) on a copy of the test database. Every request below goes on a new connection, which
 * the cluster hands to the workers in turn; each response's X-Request-Id is found in the log line of the
 * worker that served it, so the test knows which worker answered. State kept in one worker's memory
 * would fail both tests: the limit would let twice as many through, and the other worker would show
 * what it had kept.
 */
test.describe("two workers", () => {
  // It starts a whole second server of its own.
  test.slow();

  type Answer = { status: number; body: string; worker: number };
  let server: Awaited<ReturnType<typeof startServer>>;
  let copy: string;
  let dir: string;

  test.beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "vrn-two-workers-"));
    copy = path.join(dir, "app.db");
    await copyDatabase(databaseFile, copy);
    server = await startServer({ databaseFile: copy, port: await freePort(), env: { WEB_CONCURRENCY: "2" } });
  });

  test.afterAll(async () => {
    server.child.kill("SIGTERM");
    await server.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The worker whose log holds the request `requestId` (its line is written as the response ends). */
  async function servedBy(requestId: string): Promise<number> {
    let worker: number | undefined;
    await expect
      .poll(() => {
        for (const line of server.output().split("\n")) {
          if (!line.startsWith("{") || !line.includes(requestId)) continue;
          try {
            const entry = JSON.parse(line) as { requestId?: string; worker?: number };
            if (entry.requestId === requestId) worker = entry.worker;
          } catch {
            // A line still being written: the next poll reads it whole.
          }
        }
        return worker;
      })
      .toBeDefined();
    return worker!;
  }

  /** One request on a connection of its own (no keep-alive, so the workers take turns). */
  function send(method: "GET" | "POST", address: string, { cookie, form }: { cookie?: string; form?: Record<string, string> } = {}): Promise<Answer> {
    const body = form ? new URLSearchParams(form).toString() : "";
    const headers: http.OutgoingHttpHeaders = { Connection: "close", Origin: server.baseUrl, ...(cookie ? { Cookie: cookie } : {}) };
    if (form) Object.assign(headers, { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) });
    return new Promise((resolve, reject) => {
      const request = http.request(`${server.baseUrl}${address}`, { method, headers, agent: false }, (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => {
          servedBy(String(response.headers["x-request-id"])).then((worker) => resolve({ status: response.statusCode ?? 0, body: text, worker }), reject);
        });
      });
      request.on("error", reject);
      request.end(body);
    });
  }

  test("a rate limit counts the requests both workers serve, and stops at the same total as one server", async () => {
    // Ten asks for a reset link an hour from one address (LIMITS.passwordResetsByAddress).
    const ask = (i: number) => send("POST", "/forgotten-password", { form: { email: `nobody-${i}@two-workers.example.test` } });
    await waitForRoomInWindow(60 * 60_000, 60_000);
    const answers: Answer[] = [];
    for (let i = 0; i < 10; i++) answers.push(await ask(i));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    // Both workers took some of them, so neither alone has reached the limit.
    expect(new Set(answers.map((a) => a.worker))).toEqual(new Set([1, 2]));
    const refused = [await ask(10), await ask(11)];
    expect(refused.map((a) => a.status)).toEqual([429, 429]);
    expect(new Set(refused.map((a) => a.worker))).toEqual(new Set([1, 2]));
  });

  test("a change saved through one worker shows at once in the reach school table the other worker has kept", async () => {
    const cookie = sessionCookieFor(copy, "lead@example.org");
    const db = new Database(copy, { readonly: true });
    const school = db.prepare("SELECT * FROM School WHERE status = 'OPEN' ORDER BY name LIMIT 1").get() as Record<string, string | number | null>;
    db.close();
    const newName = `${school.name} Twoworker`;
    const table = `/reach/schools?q=${encodeURIComponent(newName)}`;

    /** The table as each worker serves it: requests until both have answered, the first answer of each. */
    async function tableFromEachWorker() {
      const seen = new Map<number, Answer>();
      for (let i = 0; i < 10 && seen.size < 2; i++) {
        const answer = await send("GET", table, { cookie });
        expect(answer.status).toBe(200);
        if (!seen.has(answer.worker)) seen.set(answer.worker, answer);
      }
      expect([...seen.keys()].sort()).toEqual([1, 2]);
      return seen;
    }

    // The school's row links to its reach page; the search box shows the name searched for either way.
    const row = `/reach/schools/${school.id}`;
    // Both workers keep the table's results: no school has that name yet.
    for (const [, answer] of await tableFromEachWorker()) expect(answer.body).not.toContain(row);
    for (const [, answer] of await tableFromEachWorker()) expect(answer.body).not.toContain(row);

    // Sent as the edit page sends it, with the fingerprint of the details it showed.
    const editPage = await send("GET", `/schools/${school.id}/edit`, { cookie });
    const version = /name="version" value="([^"]+)"/.exec(editPage.body)?.[1];
    expect(version).toBeTruthy();
    const saved = await send("POST", `/schools/${school.id}/edit`, {
      cookie,
      form: {
        version: version!,
        urn: String(school.urn),
        name: newName,
        localAuthority: String(school.localAuthority),
        localityId: String(school.localityId ?? ""),
        type: String(school.type),
        numberOnRoll: school.numberOnRoll === null ? "" : String(school.numberOnRoll),
        postcode: String(school.postcode ?? ""),
        status: String(school.status),
      },
    });
    expect(saved.status).toBe(302);

    // The very next request to each worker, the one that saved it and the other, shows the new name.
    for (const [, answer] of await tableFromEachWorker()) expect(answer.body).toContain(row);
  });

  test("each worker runs with the V8 flags npm start gives the server (heap limits, decision 0089)", () => {
    // The primary's children on Linux, where the server runs: cluster workers inherit its flags.
    const workers = fs
      .readdirSync(`/proc/${server.pid}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${server.pid}/task/${task}/children`, "utf8").trim().split(/\s+/))
      .filter(Boolean);
    expect(workers).toHaveLength(2);
    for (const pid of workers) {
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      expect(argv.slice(1, 1 + SERVER_NODE_FLAGS.length)).toEqual(SERVER_NODE_FLAGS);
    }
  });
});
