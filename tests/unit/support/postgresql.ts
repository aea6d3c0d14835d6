// Small PostgreSQL helpers for the tests that need a server or its programs of their own.
import pg from "pg";
import { postgresqlTool } from "../../../scripts/lib/backup-postgresql.mjs";

/** Runs `work` with a client connected to `url`, closing it afterwards. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether PostgreSQL's server programs are installed here, so a test can start a cluster of its own. */
export function canStartPostgresql(): boolean {
  try {
    postgresqlTool("initdb");
    return true;
  } catch {
    return false;
  }
}
