// @ts-check
// `npm run demo` (and `npm run dev`, with --dev): the same server as `npm start`, on the demo database
// (prisma/data/demo.db unless DATABASE_URL says otherwise), which gets the demo data when it is new.
// Every page says it is a demonstration. Never point it at the production database: it refuses one
// that holds real accounts.
import { DEMO_DATABASE_URL } from "./env.mjs";

process.env.DEMO_MODE = "1";
process.env.DATABASE_URL ||= DEMO_DATABASE_URL;
await import("./start.mjs");
