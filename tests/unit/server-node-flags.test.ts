import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { root, SERVER_NODE_FLAGS } from "../../scripts/lib/harness.mjs";

/**
 * The server's V8 flags (its heap limits, decisions 0069 and 0089) are written in three places: the
 * scripts' harness (bench, drills, the two-worker test), `npm start` and the deployment's unit file.
 * They must say the same, or the server measured is not the server deployed.
 */
describe("the server's V8 flags", () => {
  const command = `node ${SERVER_NODE_FLAGS.join(" ")} scripts/start.mjs`;

  it("are the ones npm start runs the server with", () => {
    const packageJson = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(packageJson.scripts.start).toBe(command);
  });

  it("are the ones the deployment guide's service runs it with", () => {
    const deploy = fs.readFileSync(path.join(root, "docs/deploy.md"), "utf8");
    expect(deploy).toContain(`ExecStart=/usr/bin/${command}`);
  });
});

/**
 * What a worker holds outside V8's heap, measured at its resident peak over `npm run bench` (decision
 * 0093): the Node binary's pages (49 MB), malloc's arenas (35–55 MB), libraries and SQLite (5 MB).
 */
const OUTSIDE_THE_HEAP_MB = 110;
/** The most a worker may hold resident: the smallest common cloud instance (issue's target). */
const WORKER_BUDGET_MB = 256;

describe("the heap the server's V8 flags allow", () => {
  it("keeps a worker under 256 MB resident with what it holds outside the heap", () => {
    const run = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, "-p", "require('node:v8').getHeapStatistics().heap_size_limit"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    const heapLimitMb = Number(run.stdout.trim()) / 1024 / 1024;
    expect(heapLimitMb + OUTSIDE_THE_HEAP_MB).toBeLessThan(WORKER_BUDGET_MB);
  });
});
