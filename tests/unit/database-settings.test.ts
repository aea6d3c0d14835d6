import fs from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import {
  configureDatabase,
  databaseSettingProblems,
  describeDatabaseSettings,
  engine,
  prisma,
  readDatabaseSettings,
  REQUIRED_DATABASE_SETTINGS,
} from "~/db.server";

const file = (process.env.DATABASE_URL ?? "").replace(/^file:/, "");

describe.runIf(engine === "sqlite")("SQLite settings checked at start-up", () => {
  it("reads back WAL, synchronous=NORMAL, foreign keys on and the busy timeout from the real file", async () => {
    const settings = await configureDatabase();
    expect(settings).toEqual({ journal_mode: "wal", synchronous: 1, foreign_keys: 1, busy_timeout: 5000 });
    expect(await readDatabaseSettings()).toEqual(settings);
    // WAL is a property of the file itself: another connection sees it, and the -wal file exists.
    const other = new Database(file, { readonly: true });
    expect(other.pragma("journal_mode", { simple: true })).toBe("wal");
    other.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
  });

  it("refuses to go on when a setting did not take, and says which", async () => {
    expect(databaseSettingProblems({ ...REQUIRED_DATABASE_SETTINGS, journal_mode: "delete", foreign_keys: 0 })).toEqual([
      "journal_mode is delete, should be wal",
      "foreign_keys is 0, should be 1",
    ]);
    await prisma.$executeRawUnsafe("PRAGMA foreign_keys = OFF");
    expect(databaseSettingProblems(await readDatabaseSettings())).toEqual(["foreign_keys is 0, should be 1"]);
    // Configuring puts it right again.
    await expect(configureDatabase()).resolves.toMatchObject({ foreign_keys: 1 });
  });

  it("enforces foreign keys for real once configured", async () => {
    await configureDatabase();
    await expect(prisma.$executeRawUnsafe("INSERT INTO Session (id, userId, expiresAt) VALUES ('x', 'no-such-user', '2030-01-01')")).rejects.toThrow(
      /FOREIGN KEY/i,
    );
  });
});

describe.runIf(engine === "postgresql")("PostgreSQL settings checked at start-up", () => {
  it("reads the server's version and settings back from the server itself", async () => {
    const settings = await configureDatabase();
    expect(settings).toMatchObject({
      server_encoding: "utf8",
      standard_conforming_strings: "on",
      default_transaction_isolation: "read committed",
      lock_timeout: "5s",
      jit: "off",
    });
    expect(Number(settings.server_version_num)).toBeGreaterThanOrEqual(150000);
    expect(await readDatabaseSettings()).toEqual(settings);
    expect(describeDatabaseSettings(settings)).toMatch(/^PostgreSQL 1\d.*, jit=off, /);
  });

  it("refuses a server older than PostgreSQL 15, or one not in UTF-8, and says why", async () => {
    const settings = await readDatabaseSettings();
    expect(databaseSettingProblems({ ...settings, server_version_num: 140011, server_version: "14.11" })).toEqual([
      "PostgreSQL is version 14.11, should be 15 or later",
    ]);
    expect(databaseSettingProblems({ ...settings, server_encoding: "sql_ascii" })).toEqual(["server_encoding is sql_ascii, should be utf8"]);
    expect(databaseSettingProblems(settings)).toEqual([]);
  });

  it("enforces foreign keys", async () => {
    await expect(prisma.$executeRawUnsafe(`INSERT INTO "Session" ("id", "userId", "expiresAt") VALUES ('x', 'no-such-user', '2030-01-01')`)).rejects.toThrow(
      /foreign key/i,
    );
  });
});
