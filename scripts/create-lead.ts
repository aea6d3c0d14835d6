// `npm run create-lead -- --email name@your-organisation.org.uk`: prints a one-time link (24 hours, single use) at
// which the first VRN lead sets up their account with that email address, on the production database
// (DATABASE_URL). Older unused links stop working. Refused once an active VRN lead exists: from then
// on the lead invites people in the app, and when DATABASE_URL names an SQLite file that does not exist.
import Database from "better-sqlite3";
import { DEFAULT_DATABASE_URL } from "./env.mjs";
import { engineOf } from "./lib/engines.mjs";
import { databasePath, prepareDatabase, requireExistingDatabase } from "./prepare-db.mjs";

process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;

const flag = process.argv.indexOf("--email");
const given = flag >= 0 ? process.argv[flag + 1] : undefined;
if (!given) {
  console.error("Usage: npm run create-lead -- --email name@your-organisation.org.uk");
  process.exit(2);
}

// Imported after DATABASE_URL is set: the database client reads it when it loads.
const { demoAddressProblem, emailSchema } = await import("~/lib/user-access");
const email = emailSchema.safeParse(given);
if (!email.success) {
  console.error(`${given} is not an email address: ${email.error.issues[0]?.message}`);
  process.exit(2);
}
// The demonstration's own accounts are made by its seed; a real lead's address must receive mail, and one at
// the demonstration's domain would make every backup of this database look like the demonstration's.
const demoAddress = process.env.DEMO_MODE === "1" ? null : demoAddressProblem(email.data, "the person's");
if (demoAddress) {
  console.error(`${given}: ${demoAddress}.`);
  process.exit(2);
}
// A new, empty database made here would not be the one the server serves, and its setup link would not work there.
requireExistingDatabase();
// A database the server has not yet migrated is migrated first; one it serves is left to it (Prisma's
// migration step cannot run beside a server holding the file). PostgreSQL migrations may run beside a
// server: they take turns under a lock, so they always run.
if (engineOf(process.env.DATABASE_URL) === "postgresql" || !hasSetupLinks(databasePath())) await prepareDatabase();
const { configureDatabase, prisma } = await import("~/db.server");
const { issueLeadSetupLink } = await import("~/models/lead-setup.server");
const { appOrigin } = await import("~/lib/app-origin.server");
try {
  await configureDatabase();
  const link = await issueLeadSetupLink({ email: email.data });
  if (!link) {
    console.error("This service already has an active VRN schools lead. They invite everyone else from Users in the app.");
    process.exitCode = 1;
  } else {
    // As the server makes its links: APP_URL's origin (a trailing "/" is the same address), else this machine.
    const origin = appOrigin();
    console.log(`The first VRN schools lead (${email.data}) sets up their account at this one-time link (it works once, for 24 hours):`);
    console.log(`  ${origin}/setup/${link.token}`);
    console.log("Any older setup link no longer works.");
    if (!process.env.APP_URL) {
      console.log("The address is made from APP_URL, or from PORT on this machine: set the one the server uses if the link does not open.");
    }
  }
} finally {
  await prisma.$disconnect();
}

function hasSetupLinks(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'LeadSetupLink'").get() !== undefined;
  } finally {
    db.close();
  }
}
