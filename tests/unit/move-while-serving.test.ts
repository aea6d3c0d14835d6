import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";

const run = promisify(execFile);
const dir = path.join(inject("runDirectory"), `move-while-serving-${process.pid}`);
fs.mkdirSync(dir, { recursive: true });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A migrated SQLite database of this service at a path of its own. */
function deployment(name: string) {
  const file = path.join(dir, name);
  fs.copyFileSync(inject("baseDatabase"), file);
  return file;
}

/** `npm run db:move-to-postgresql` from `file`, to an address nothing answers at: a move that got as far as PostgreSQL fails there instead. */
const move = (file: string) =>
  run(process.execPath, ["scripts/move-to-postgresql.mjs", "--from", `file:${file}`, "--to", "postgresql://nobody@127.0.0.1:9/none"]).then(
    () => ({ code: 0, stderr: "" }),
    (error: { code: number; stderr: string }) => error,
  );

describe.skipIf(inject("testEngine") !== "sqlite")("npm run db:move-to-postgresql while the SQLite server serves", () => {
  it("refuses, as restore does, while the pid file npm start writes names a live process", async () => {
    const file = deployment("serving.db");
    fs.writeFileSync(`${file}.server-pid`, String(process.pid)); // a live process
    expect(await move(file)).toMatchObject({
      code: 1,
      stderr: `Move refused: The server is running (process ${process.pid}, from ${file}.server-pid). Stop it first, then move.\n`,
    });
  }, 60_000);

  it("refuses while another process has the file open, however it was started", async () => {
    const file = deployment("open.db");
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `const db = new (require("better-sqlite3"))(${JSON.stringify(file)}); db.prepare("SELECT 1").get(); console.log("open"); setInterval(() => {}, 1000);`,
      ],
      { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise((resolve) => holder.stdout.once("data", resolve));
    try {
      expect(await move(file)).toMatchObject({
        code: 1,
        stderr: `Move refused: The database is open in process ${holder.pid}. Stop the server (and any job) first, then move.\n`,
      });
    } finally {
      holder.kill("SIGKILL");
    }
  }, 60_000);
});
