// @ts-check
// Defaults shared by the start, database and test scripts.
/** The production database (`npm start`, backups, restores, jobs, create-lead). */
export const DEFAULT_DATABASE_URL = "file:./prisma/data/app.db";
/** The demo database (`npm run demo`, `npm run dev`, `npm run db:seed`): a different file, so demo accounts never land in production's. */
export const DEMO_DATABASE_URL = "file:./prisma/data/demo.db";
export const DEFAULT_PORT = 3000;
