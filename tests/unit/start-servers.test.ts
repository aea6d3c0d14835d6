/**
 * The scripts' harness starting several servers (scripts/lib/harness.mjs, as `npm run bench:versions` starts two
 * checkouts side by side): should one fail to start, those already started are stopped, not left running on a
 * copy of the database the script then removes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startServers } from "../../scripts/lib/harness.mjs";

/** A checkout whose start script (`scripts/start.mjs`) is `source`. */
function checkoutStarting(source: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "start-servers-"));
  fs.mkdirSync(path.join(folder, "scripts"));
  fs.writeFileSync(path.join(folder, "scripts/start.mjs"), source);
  return folder;
}

const ANSWERS = `import http from "node:http";
http.createServer((_, response) => response.end("ok")).listen(Number(process.env.PORT), "127.0.0.1", () => console.log(process.pid));`;
const FAILS = `console.error("cannot start"); process.exit(3);`;

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

/** Whether a process of that id is still running. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("starting several servers", () => {
  it("stops the ones started when a later one cannot start", async () => {
    const answers = checkoutStarting(ANSWERS);
    const fails = checkoutStarting(FAILS);
    folders.push(answers, fails);
    const pidFile = path.join(answers, "pid");
    fs.writeFileSync(
      path.join(answers, "scripts/start.mjs"),
      `${ANSWERS}\nimport fs from "node:fs"; fs.writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));`,
    );
    await expect(
      startServers([
        { databaseFile: path.join(answers, "a.db"), checkout: answers },
        { databaseFile: path.join(fails, "b.db"), checkout: fails },
      ]),
    ).rejects.toThrow(/exited with code 3/);
    const pid = Number(fs.readFileSync(pidFile, "utf8"));
    expect(pid).toBeGreaterThan(0);
    const stopped = running(pid) ? await new Promise((resolve) => setTimeout(() => resolve(!running(pid)), 500)) : true;
    if (!stopped) process.kill(pid, "SIGKILL");
    expect(stopped).toBe(true);
  });

  it("starts each, on ports of their own", async () => {
    const answers = checkoutStarting(ANSWERS);
    folders.push(answers);
    const servers = await startServers([
      { databaseFile: path.join(answers, "a.db"), checkout: answers },
      { databaseFile: path.join(answers, "b.db"), checkout: answers },
    ]);
    try {
      expect(await Promise.all(servers.map(async (server) => (await fetch(server.baseUrl)).text()))).toEqual(["ok", "ok"]);
    } finally {
      for (const server of servers) server.child.kill("SIGTERM");
      await Promise.all(servers.map((server) => server.exited));
    }
  });
});
