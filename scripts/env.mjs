// @ts-check
// Defaults shared by the start, database and test scripts.
/** The production database (`npm start`, backups, restores, jobs, create-lead). */
export const DEFAULT_DATABASE_URL = "file:./prisma/data/app.db";
/** The demo database (`npm run demo`, `npm run dev`, `npm run db:seed`): a different file, so demo accounts never land in production's. */
export const DEMO_DATABASE_URL = "file:./prisma/data/demo.db";
/**
 * A SQL LIKE pattern for the demo accounts' addresses: the demo data's people are all at example.org, a
 * domain no real person has (RFC 2606), and their password is public. Start-up warns of them, demo mode
 * refuses any other account, and a restore takes them only into the demo database.
 */
export const DEMO_EMAIL_LIKE = "%@example.org";
export const DEFAULT_PORT = 3000;

/**
 * The origin the server makes its links from (app/lib/app-origin.server.ts): APP_URL's, a trailing "/" being
 * the same address, else this machine at `port`. The server has checked APP_URL when it started.
 * @param {number} port
 * @returns {string}
 */
export function linkOrigin(port) {
  return process.env.APP_URL ? new URL(process.env.APP_URL).origin : `http://localhost:${port}`;
}
