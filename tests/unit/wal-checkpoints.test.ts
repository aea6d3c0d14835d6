/**
 * SQLite's WAL checkpoints run on a thread of their own, not inside the server's commits: the writer stops
 * checkpointing once the thread runs and starts again when it stops, what is committed reaches the database
 * file all the same, and what a reader held back is written back once it has finished.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SQLITE_AUTOCHECKPOINT, startWalCheckpoints, type WalCheckpoints } from "~/lib/wal-checkpoints.server";

const opened: { dir: string; connections: Database.Database[]; checkpoints: WalCheckpoints[] }[] = [];

afterEach(async () => {
  for (const { dir, connections, checkpoints } of opened.splice(0)) {
    await Promise.all(checkpoints.map((c) => c.stop()));
    for (const connection of connections) connection.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A WAL database of its own with a table of rows, and its writer connection. */
function walDatabase() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wal-checkpoints-"));
  const file = path.join(dir, "app.db");
  const writer = new Database(file);
  writer.pragma("journal_mode = WAL");
  writer.pragma("synchronous = NORMAL");
  writer.exec("CREATE TABLE answer (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
  const place = { dir, connections: [writer], checkpoints: [] as WalCheckpoints[] };
  opened.push(place);
  const start = (options?: { everyMs?: number }) => {
    const checkpoints = startWalCheckpoints(file, async (pages) => writer.pragma(`wal_autocheckpoint = ${pages}`), options);
    place.checkpoints.push(checkpoints);
    return checkpoints;
  };
  /**
   * Waits for the thread to write back everything in the WAL (a checkpoint of all its pages), after which
   * the database file is still until the next commit, and can be copied whole. Read from SQLite's own record
   * of it, not from the thread's reports: a report sent before the last commits can arrive after them, and a
   * thread held up on a busy machine sends none for a while.
   */
  const writtenBack = async () => {
    await eventually(() => {
      const { frames, writtenBack } = walIndex(file);
      return frames > 0 && writtenBack === frames;
    }, "a checkpoint writes back the whole WAL");
  };
  const insert = (count: number) => {
    const add = writer.prepare("INSERT INTO answer (text) VALUES (?)");
    // One commit each, as answers come; each row fills most of a page, so each commit adds a page or two to the WAL.
    for (let i = 0; i < count; i++) add.run("x".repeat(3000));
  };
  return { dir, file, writer, start, insert, writtenBack, connections: place.connections };
}

/**
 * The rows in the database file itself, leaving out what is only in its WAL: a copy of the file alone is
 * opened. Only while no checkpoint is writing to the file (writtenBack), or the copy could be torn.
 */
function rowsInDatabaseFile(file: string, dir: string) {
  const copy = path.join(dir, `copy-${Math.random().toString(36).slice(2)}.db`);
  fs.copyFileSync(file, copy);
  const db = new Database(copy, { readonly: true });
  try {
    // The table itself may still be only in the WAL.
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'answer'").get()) return 0;
    return (db.prepare("SELECT COUNT(*) AS n FROM answer").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * From the WAL index (the -shm file SQLite shares between connections, in the machine's byte order): the
 * frames in the WAL (mxFrame, at byte 16 of its header) and how many of them a checkpoint has written back
 * to the database file (nBackfill, at byte 96, after the header's two copies). See SQLite's wal.c.
 */
function walIndex(file: string): { frames: number; writtenBack: number } {
  const shm = `${file}-shm`;
  if (!fs.existsSync(shm)) return { frames: 0, writtenBack: 0 };
  const bytes = fs.readFileSync(shm);
  if (bytes.length < 100) return { frames: 0, writtenBack: 0 };
  const read = (offset: number) => (os.endianness() === "LE" ? bytes.readUInt32LE(offset) : bytes.readUInt32BE(offset));
  return { frames: read(16), writtenBack: read(96) };
}

const walBytes = (file: string) => (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);

async function eventually(check: () => boolean, what: string, ms = 20_000) {
  const giveUpAt = Date.now() + ms;
  while (!check()) {
    if (Date.now() > giveUpAt) throw new Error(`Still not so after ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("WAL checkpoints on a thread", () => {
  it("stop the writer checkpointing while the thread runs, and start it again when the thread stops", async () => {
    const { writer, start } = walDatabase();
    expect(writer.pragma("wal_autocheckpoint", { simple: true })).toBe(SQLITE_AUTOCHECKPOINT);
    const checkpoints = start();
    await checkpoints.started;
    expect(writer.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    await checkpoints.stop();
    await eventually(() => writer.pragma("wal_autocheckpoint", { simple: true }) === SQLITE_AUTOCHECKPOINT, "the writer checkpoints again");
  });

  it("leave the writer checkpointing when the thread cannot start", async () => {
    const { dir, writer } = walDatabase();
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const checkpoints = startWalCheckpoints(path.join(dir, "missing.db"), async (pages) => writer.pragma(`wal_autocheckpoint = ${pages}`));
    await expect(checkpoints.started).rejects.toThrow("stopped before it started");
    expect(writer.pragma("wal_autocheckpoint", { simple: true })).toBe(SQLITE_AUTOCHECKPOINT);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining("did not start"));
    errors.mockRestore();
  });

  it("write what is committed back to the database file, with no commit doing it", async () => {
    const { dir, file, start, insert, writtenBack } = walDatabase();
    const checkpoints = start({ everyMs: 10 });
    await checkpoints.started;
    // More than SQLite's 1,000 pages, after which the writer's own commit would have checkpointed.
    insert(1500);
    await writtenBack();
    expect(rowsInDatabaseFile(file, dir)).toBe(1500);
  });

  it("write back what a reader held back once it has finished, and start the WAL again from its beginning", async () => {
    const { dir, file, start, insert, writtenBack, connections } = walDatabase();
    const checkpoints = start({ everyMs: 10 });
    await checkpoints.started;
    insert(10);
    await writtenBack();
    expect(rowsInDatabaseFile(file, dir)).toBe(10);
    // A reader in the middle of a read keeps the rows written after it began out of the database file.
    const reader = new Database(file, { readonly: true });
    connections.push(reader);
    reader.exec("BEGIN");
    reader.prepare("SELECT COUNT(*) FROM answer").get();
    insert(400);
    const held = walBytes(file);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rowsInDatabaseFile(file, dir)).toBe(10);
    reader.exec("COMMIT");
    await writtenBack();
    expect(rowsInDatabaseFile(file, dir)).toBe(410);
    // The WAL is used again from its start, so more rows do not make the file grow.
    insert(100);
    expect(walBytes(file)).toBe(held);
  });
});
