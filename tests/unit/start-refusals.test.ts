import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";
import { freePort, startServer } from "../../scripts/lib/harness.mjs";
import { runningServerPid } from "../../scripts/lib/backup.mjs";

const run = promisify(execFile);
const dir = path.join(inject("runDirectory"), `start-refusals-${process.pid}`);
fs.mkdirSync(dir, { recursive: true });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Outcome = { code: number; stdout: string; stderr: string };

/** `node <script> …` with DATABASE_URL naming `file`, as npm runs it; resolves whatever its exit. */
const node = (args: string[], file: string, port: number | string = 1): Promise<Outcome> =>
  run(process.execPath, args, {
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: `file:${file}`, PORT: String(port), WEB_CONCURRENCY: "1", SCHEDULED_WORK: "off" },
    timeout: 60_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: Outcome) => error,
  );

/** `npm start` on the built app (`--no-build`: a refusal comes before the build is looked at). */
const start = (file: string, port?: number) => node(["scripts/start.mjs", "--no-build"], file, port);
/** `node scripts/prepare-db.mjs`: the migrations `npm start` applies first. */
const prepare = (file: string) => node(["scripts/prepare-db.mjs"], file);

const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

describe.skipIf(inject("testEngine") !== "sqlite")("npm start refuses, in one line that says what to do", () => {
  it("a DATABASE_URL naming a folder, or a file that is not an SQLite database, and leaves the file as it was", async () => {
    const folder = path.join(dir, "data");
    fs.mkdirSync(folder);
    expect(await start(folder)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        `${folder} is a folder, not a database file: DATABASE_URL must name a file in it, such as file:${path.join(folder, "app.db")}.`,
      ),
    });
    const notes = path.join(dir, "notes.txt");
    fs.writeFileSync(notes, "Not a database at all.\n");
    expect(await start(notes)).toMatchObject({ code: 1, stderr: expect.stringContaining(`${notes} is not an SQLite database: check DATABASE_URL.`) });
    expect(fs.readFileSync(notes, "utf8")).toBe("Not a database at all.\n");
    expect(fs.readdirSync(dir).filter((entry) => entry.startsWith("notes.txt"))).toEqual(["notes.txt"]);
  }, 60_000);

  it.skipIf(process.getuid?.() === 0)(
    "a database file this user cannot write",
    async () => {
      const file = path.join(dir, "read-only.db");
      fs.copyFileSync(inject("baseDatabase"), file);
      fs.chmodSync(file, 0o400);
      expect(await start(file)).toMatchObject({ code: 1, stderr: expect.stringContaining(`${file} cannot be read and written by this user`) });
    },
    60_000,
  );

  it("a second server on the database one is serving, naming its process, and leaves the first one's pid file", async () => {
    const file = path.join(dir, "served.db");
    fs.copyFileSync(inject("baseDatabase"), file);
    // This test's own process stands for the running server: a live Node process, as `npm start` writes it.
    fs.writeFileSync(`${file}.server-pid`, String(process.pid));
    const second = await start(file, await freePort());
    expect(second).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`The server could not start: another one (process ${process.pid}) is already serving ${file}. Stop it first`),
    });
    expect(second.stdout).not.toContain("is running at");
    expect(fs.readFileSync(`${file}.server-pid`, "utf8")).toBe(String(process.pid));
  }, 60_000);

  it("the second of two starts at once on one database, while the first serves it", async () => {
    const file = path.join(dir, "together.db");
    fs.copyFileSync(inject("baseDatabase"), file);
    const [one, two] = [await freePort(), await freePort()];
    const child = (port: number) =>
      spawn(process.execPath, ["scripts/start.mjs", "--no-build"], {
        env: { ...process.env, NODE_ENV: "production", DATABASE_URL: `file:${file}`, PORT: String(port), WEB_CONCURRENCY: "1", SCHEDULED_WORK: "off" },
      });
    const starts = [child(one), child(two)];
    const outputs = starts.map((start) => {
      let text = "";
      start.stdout.on("data", (chunk) => (text += chunk));
      start.stderr.on("data", (chunk) => (text += chunk));
      return () => text;
    });
    try {
      // One refuses and ends; the other serves until it is stopped.
      const refused = await Promise.race(starts.map((start, i) => new Promise<number>((resolve) => start.once("exit", () => resolve(i)))));
      const serving = 1 - refused;
      expect(starts[refused]!.exitCode).toBe(1);
      expect(outputs[refused]!()).toMatch(
        /The server could not start: (another one \(process \d+\) is already serving|another start on .* began at the same moment)/,
      );
      await expect.poll(outputs[serving]!, { timeout: 30_000 }).toContain("is running at");
      expect(fs.readFileSync(`${file}.server-pid`, "utf8")).toBe(String(starts[serving]!.pid));
    } finally {
      for (const start of starts) start.kill("SIGTERM");
      await Promise.all(starts.map((start) => (start.exitCode === null ? new Promise((resolve) => start.once("exit", resolve)) : null)));
    }
    // The server that stopped took its pid file with it; the one refused never touched it.
    expect(fs.existsSync(`${file}.server-pid`)).toBe(false);
  }, 60_000);

  it("a PORT that is no port, by the setting's name, as before any port was tried", async () => {
    const file = path.join(dir, "bad-port.db");
    fs.copyFileSync(inject("baseDatabase"), file);
    const started = await node(["scripts/start.mjs", "--no-build"], file, "abc");
    expect(started.code).toBe(1);
    // Said by the server's log, which is JSON lines in production.
    expect(started.stdout + started.stderr).toContain("PORT: Expected number, received nan");
    expect(started.stdout + started.stderr).not.toContain("ERR_SOCKET_BAD_PORT");
  }, 60_000);

  it("a DATABASE_URL naming a link to nothing", async () => {
    const link = path.join(dir, "gone.db");
    fs.symlinkSync(path.join(dir, "moved-away.db"), link);
    expect(await start(link)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`${link} is a link to ${path.join(dir, "moved-away.db")}, which is not there: check DATABASE_URL, or the link.`),
    });
  }, 60_000);

  it("a port another program is listening on, before the database is touched", async () => {
    const file = path.join(dir, "port.db");
    fs.copyFileSync(inject("baseDatabase"), file);
    const before = fs.statSync(file).mtimeMs;
    const other = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => other.listen(port, resolve));
    try {
      expect(await start(file, port)).toMatchObject({
        code: 1,
        stderr: `\nThe server could not start: port ${port} is already in use, by another server perhaps. Stop that one, or set PORT to a free port.\n`,
      });
    } finally {
      other.close();
    }
    expect(fs.statSync(file).mtimeMs).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  }, 60_000);
});

describe.skipIf(inject("testEngine") !== "sqlite")("the database file's privacy", () => {
  it("a new database, and its write-ahead log, are readable by the service's user alone, whatever the umask", async () => {
    const file = path.join(dir, "new", "app.db");
    const prepared = await prepare(file);
    expect(prepared.code, prepared.stderr).toBe(0);
    expect(modeOf(file)).toBe("600");
    // SQLite gives the files it makes beside the database the database's own mode.
    const sqlite = (await import("better-sqlite3")).default;
    const db = new sqlite(file);
    db.pragma("journal_mode = WAL");
    db.prepare(`SELECT COUNT(*) FROM "User"`).get();
    expect(modeOf(`${file}-wal`)).toBe("600");
    db.close();
  }, 60_000);

  it("a database every user could read (made before this rule) loses those rights, keeps its group's, and the start says so", async () => {
    const file = path.join(dir, "older.db");
    fs.copyFileSync(inject("baseDatabase"), file);
    fs.chmodSync(file, 0o644);
    const prepared = await prepare(file);
    expect(prepared.code, prepared.stderr).toBe(0);
    expect(modeOf(file)).toBe("640");
    expect(prepared.stdout).toContain(`${file} was open to every user on this machine (mode 644): now to its owner and group alone (640).`);
    // Said once: the next start finds nothing to change.
    expect((await prepare(file)).stdout).not.toContain("was open to every user");
  }, 60_000);
});

describe.skipIf(inject("testEngine") !== "sqlite")("what the start says of email", () => {
  it("names the mail server it sends through, by host and port alone: never the password SMTP_URL holds", async () => {
    const file = path.join(dir, "mail.db");
    fs.copyFileSync(inject("baseDatabase"), file);
    const server = await startServer({
      databaseFile: file,
      port: await freePort(),
      env: { WEB_CONCURRENCY: "1", SMTP_URL: "smtp://forum:s3cret-word@127.0.0.1:2525", APP_URL: "https://schools.vrn.example.net" },
    });
    try {
      await expect.poll(server.output).toContain("Email: ");
      expect(server.output()).toContain("Email: sent through the mail server 127.0.0.1:2525.");
      expect(server.output()).not.toContain("s3cret-word");
      expect(server.output()).not.toContain("outbox");
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  }, 60_000);
});

describe("the pid file a server leaves beside its database", () => {
  it("names a running server only while a Node process other than this one has that id", async () => {
    const file = path.join(dir, "pid-check.server-pid");
    const server = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    await new Promise((resolve) => server.once("spawn", resolve));
    try {
      fs.writeFileSync(file, String(server.pid));
      expect(runningServerPid(file)).toBe(server.pid);
    } finally {
      server.kill();
    }
    // A restart given the id its last run had (always 1 in a container) is not another server.
    fs.writeFileSync(file, String(process.pid));
    expect(runningServerPid(file)).toBeUndefined();
    fs.writeFileSync(file, "999999999"); // left by a server that is gone
    expect(runningServerPid(file)).toBeUndefined();
    fs.writeFileSync(file, "12ab");
    expect(runningServerPid(file)).toBeUndefined();
    // After a restart of the machine the id may belong to another program: not a server of ours.
    const other = spawn("sleep", ["30"]);
    try {
      await new Promise((resolve) => other.once("spawn", resolve));
      fs.writeFileSync(file, String(other.pid));
      expect(runningServerPid(file)).toBe(fs.existsSync("/proc/self/cmdline") ? undefined : other.pid);
    } finally {
      other.kill();
    }
  });
});

/** `npm start` (`--no-build`) on `file` with `settings` over the tests' own: its exit code and output. */
const startWith = (file: string, settings: Record<string, string>): Promise<Outcome> =>
  run(process.execPath, ["scripts/start.mjs", "--no-build"], {
    env: { ...process.env, DATABASE_URL: `file:${file}`, PORT: "1", WEB_CONCURRENCY: "1", SCHEDULED_WORK: "off", ...settings },
    timeout: 30_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: Outcome) => error,
  );

describe.skipIf(inject("testEngine") !== "sqlite")("npm start checks every setting before it makes or migrates anything", () => {
  it("refuses NODE_ENV=development, naming it, rather than serve the development server", async () => {
    const file = path.join(dir, "development", "app.db");
    const started = await startWith(file, { NODE_ENV: "development" });
    expect(started).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("NODE_ENV is 'development', but npm start is the production start: unset NODE_ENV, or set it to production."),
    });
    expect(fs.existsSync(path.dirname(file))).toBe(false);
  }, 60_000);

  it("refuses a bad SMTP_URL, APP_URL, TWO_STEP_KEY or TRUST_PROXY in plain lines, leaving no new file", async () => {
    const cases: [Record<string, string>, string][] = [
      [
        { SMTP_URL: "smtp://forum:pa#ss@mail.example.org:587", APP_URL: "https://forum.example.org" },
        "SMTP_URL must be smtp:// or smtps:// and the mail server's address, such as smtp://user:password@mail.example.org:587: " +
          "write a # / ? or @ in the user name or password as %23, %2F, %3F or %40",
      ],
      [{ APP_URL: "https://forum.example.org/forum" }, "APP_URL must be the service's public address alone"],
      [{ TWO_STEP_KEY: "not-hex" }, "TWO_STEP_KEY must be 64 hexadecimal characters"],
      [{ TRUST_PROXY: "true" }, `TRUST_PROXY "true" is not a setting it takes`],
    ];
    for (const [settings, message] of cases) {
      const file = path.join(dir, "odd", "odd.db");
      const started = await startWith(file, { NODE_ENV: "production", ...settings });
      const said = JSON.stringify(settings);
      expect(started.code, said).toBe(1);
      expect(started.stderr, said).toContain(message);
      // For a person at a terminal: lines, not a JSON log line with "\n" in it.
      expect(started.stderr, said).not.toContain("\\n");
      expect(started.stderr, said).not.toContain('"level"');
      expect(started.stderr, said).not.toContain("[email address]");
      expect(fs.existsSync(path.dirname(file)), said).toBe(false);
    }
  }, 120_000);

  // /sys takes no new folders and no new files, even from root; a folder under a file cannot be made at all.
  it.skipIf(!fs.existsSync("/sys/fs"))(
    "refuses a BACKUP_DIR it cannot make or write, naming it, while the server takes the backups",
    async () => {
      const notAFolder = path.join(dir, "backups-file");
      fs.writeFileSync(notAFolder, "");
      for (const [folder, message] of [
        [path.join(notAFolder, "nightly"), `${path.join(notAFolder, "nightly")}: ${notAFolder} is a file, not a folder`],
        ["/sys/vrn-schools-forum-backups", "/sys/vrn-schools-forum-backups"],
        ["/sys/fs", "cannot write to /sys/fs"],
      ] as const) {
        const file = path.join(dir, "backups", "app.db");
        const started = await startWith(file, { NODE_ENV: "production", SCHEDULED_WORK: "on", BACKUP_DIR: folder });
        expect(started.code, folder).toBe(1);
        expect(started.stderr, folder).toContain("The server could not start: BACKUP_DIR");
        expect(started.stderr, folder).toContain(message);
        expect(fs.existsSync(path.dirname(file)), folder).toBe(false);
      }
      // With SCHEDULED_WORK=off the server takes no backups, and BACKUP_DIR is not its concern.
      const off = await startWith(path.join(dir, "backups", "app.db"), { NODE_ENV: "production", PORT: "abc", BACKUP_DIR: "/sys/fs" });
      expect(off.stderr).not.toContain("BACKUP_DIR");
    },
    120_000,
  );
});
