import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDatabase, dropDatabase, startCluster } from "../../scripts/lib/postgres.mjs";
import { migratePostgresql } from "../../scripts/lib/postgresql-migrations.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** SQLite: the migrated base file. PostgreSQL: the migrated base database's name, a template. */
    baseDatabase: string;
    runDirectory: string;
    /** "postgresql" when TEST_ENGINE=postgresql (npm run test:postgresql), else "sqlite". */
    testEngine: "sqlite" | "postgresql";
    /** PostgreSQL only: a URL for the server (its `postgres` database), to create each file's database. */
    postgresqlServer: string;
  }
}

/**
 * Migrates one base database per run; each test file then works on its own copy of it (setup.ts).
 * Each run has its own folder (and, on PostgreSQL, its own database names), so runs side by side never
 * touch each other's data. On PostgreSQL the server is TEST_POSTGRESQL_URL's, else a throwaway cluster.
 */
export default async function setup(project: TestProject) {
  const runDirectory = path.resolve("tests/.data", `unit-run-${process.pid}`);
  fs.mkdirSync(runDirectory, { recursive: true });
  project.provide("runDirectory", runDirectory);
  const removeRunDirectory = () => fs.rmSync(runDirectory, { recursive: true, force: true });

  if (process.env.TEST_ENGINE === "postgresql") {
    const cluster = process.env.TEST_POSTGRESQL_URL ? null : await startCluster();
    const server = process.env.TEST_POSTGRESQL_URL ?? cluster!.url;
    const base = `unit_base_${process.pid}`;
    await dropDatabase(server, base);
    await migratePostgresql(await createDatabase(server, base));
    project.provide("testEngine", "postgresql");
    project.provide("postgresqlServer", server);
    project.provide("baseDatabase", base);
    return async () => {
      if (cluster) cluster.stop();
      else await dropDatabase(server, base);
      removeRunDirectory();
    };
  }

  const baseDatabase = path.join(runDirectory, "base.db");
  execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${baseDatabase}` },
    stdio: "ignore",
  });
  project.provide("testEngine", "sqlite");
  project.provide("postgresqlServer", "");
  project.provide("baseDatabase", baseDatabase);
  return removeRunDirectory;
}
