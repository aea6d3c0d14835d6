// @ts-check
// Defaults shared by the start, database and test scripts.
export const DEFAULT_DATABASE_URL = "file:./prisma/data/app.db";
export const DEFAULT_PORT = 3000;
