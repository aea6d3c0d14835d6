// Small PostgreSQL helpers for the tests that need a server or its programs of their own.
import { postgresqlTool } from "../../../scripts/lib/backup-postgresql.mjs";

/** Whether PostgreSQL's server programs are installed here, so a test can start a cluster of its own. */
export function canStartPostgresql(): boolean {
  try {
    postgresqlTool("initdb");
    return true;
  } catch {
    return false;
  }
}
