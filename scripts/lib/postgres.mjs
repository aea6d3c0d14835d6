// @ts-check
// A throwaway PostgreSQL cluster for tests and tools: initdb in a temporary folder, pg_ctl start on a
// loopback port (its socket in the same folder), databases created and dropped, and everything removed
// on stop. As root the server runs as the `postgres` user (PostgreSQL refuses to run as root); otherwise
// as the current user. The binaries come from PG_BIN, else Debian's /usr/lib/postgresql/<n>/bin, else PATH.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/** The folder holding initdb and pg_ctl; null when they are on PATH. */
function postgresqlBinaries() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const debian = "/usr/lib/postgresql";
  const versions = fs.existsSync(debian)
    ? fs
        .readdirSync(debian)
        .filter((name) => /^\d+$/.test(name) && fs.existsSync(path.join(debian, name, "bin/initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions[0] ? path.join(debian, versions[0], "bin") : null;
}

/** A free TCP port on the loopback interface. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/**
 * Runs a PostgreSQL program, as the `postgres` user when we are root.
 * @param {string} program
 * @param {string[]} args
 */
function runProgram(program, args) {
  const bin = postgresqlBinaries();
  const file = bin ? path.join(bin, program) : program;
  if (!isRoot()) return execFileSync(file, args, { stdio: "pipe", encoding: "utf8" });
  const quoted = [file, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(" ");
  return execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", quoted], { stdio: "pipe", encoding: "utf8" });
}

/**
 * Quotes a name for SQL (databases are named by us, but quoting keeps any name safe).
 * @param {string} name
 */
const quoteName = (name) => `"${name.replaceAll('"', '""')}"`;

/**
 * Runs `work` with a client connected to `url`, closing it afterwards.
 * @template T
 * @param {string} url
 * @param {(client: pg.Client) => Promise<T>} work
 * @returns {Promise<T>}
 */
export async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The URL of database `name` on the server `serverUrl` points to.
 * @param {string} serverUrl
 * @param {string} name
 */
function databaseUrl(serverUrl, name) {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/**
 * Creates database `name` (optionally a copy of `template`) on the server `serverUrl` points to.
 * Copies of one template made at the same moment can collide ("source database is being accessed"),
 * so that error is retried a few times.
 * @param {string} serverUrl any database on the server, usually `postgres`
 * @param {string} name
 * @param {{ template?: string }} [options]
 * @returns {Promise<string>} the new database's URL
 */
export async function createDatabase(serverUrl, name, { template } = {}) {
  const sql = `CREATE DATABASE ${quoteName(name)}${template ? ` TEMPLATE ${quoteName(template)}` : ""}`;
  await withClient(serverUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(sql);
        return;
      } catch (error) {
        const busy = error instanceof Error && /being accessed by other users/.test(error.message);
        if (!busy || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  return databaseUrl(serverUrl, name);
}

/**
 * Drops database `name` if it exists, closing anyone's connections to it first.
 * @param {string} serverUrl
 * @param {string} name
 */
export async function dropDatabase(serverUrl, name) {
  await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteName(name)} WITH (FORCE)`));
}

/**
 * Starts a new cluster in a temporary folder, listening on 127.0.0.1:`port` (a free one when not given),
 * with trust authentication for the `postgres` user. Call `stop` to stop it and remove the folder.
 * @param {{ port?: number }} [options]
 * @returns {Promise<{ url: string, port: number, directory: string, stop: () => void }>} `url` points at the `postgres` database
 */
export async function startCluster({ port } = {}) {
  const chosenPort = port ?? (await freePort());
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "schools-forum-pg-"));
  if (isRoot()) execFileSync("chown", ["postgres:postgres", directory]);
  const data = path.join(directory, "data");
  runProgram("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  // fsync off: a throwaway test cluster need not survive a power cut, and tests run far faster.
  const options = `-p ${chosenPort} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`;
  runProgram("pg_ctl", ["-D", data, "-o", options, "-l", path.join(directory, "log"), "-w", "start"]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      runProgram("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  };
  return { url: `postgresql://postgres@127.0.0.1:${chosenPort}/postgres`, port: chosenPort, directory, stop };
}
