/**
 * Demo data: fictional schools shaped like Leicester, Leicestershire and Rutland's, and the demo accounts
 * listed in the README. Replaces everything in the database it is pointed at (`npm run db:seed`).
 */
import { hashPassword } from "~/auth/password.server";
import { engine, prisma } from "~/db.server";
import { seedGuide } from "./seed/guide";
import { seedMvp } from "./seed/mvp";
import { seedReachHistory } from "./seed/reach-history";
import { seedSchools } from "./seed/schools";
import { seedSessions } from "./seed/sessions";
import { seedSurveys } from "./seed/surveys";
import { seedTerms } from "./seed/terms";
import { recountAllTallies } from "~/models/tallies.server";
import type { Role } from "~/lib/statuses";
import type { Prisma } from "~/generated/prisma/client";

export const DEMO_PASSWORD = "demo-password-2026";

async function clearDatabase() {
  if (engine === "postgresql") {
    const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(
      `SELECT "tablename"::text AS "name" FROM pg_tables WHERE "schemaname" = current_schema() AND "tablename" <> '_schema_migrations'`,
    );
    // One TRUNCATE of every table at once, so foreign keys between them are no obstacle.
    if (tables.length > 0) await prisma.$executeRawUnsafe(`TRUNCATE ${tables.map(({ name }) => `"${name}"`).join(", ")}`);
    return;
  }
  const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(
    // Shadow tables of the guide's full-text index are skipped: SQLite refuses writes to them, and clearing the index clears them.
    "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma_%'",
  );
  await prisma.$executeRawUnsafe("PRAGMA foreign_keys = OFF");
  for (const { name } of tables) await prisma.$executeRawUnsafe(`DELETE FROM "${name}"`);
  await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
}

async function seedUsers(prisma: Prisma.TransactionClient, firstSchoolId: string, secondSchoolId: string) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users: { email: string; name: string; role: Role; schoolId: string | null }[] = [
    { email: "lead@example.org", name: "Sam Okafor", role: "VRN_LEAD", schoolId: null },
    { email: "teacher@example.org", name: "Priya Shah", role: "TEACHER", schoolId: firstSchoolId },
    { email: "mvp@example.org", name: "Tom Reynolds", role: "MVP_LEAD", schoolId: firstSchoolId },
    { email: "teacher2@example.org", name: "Grace Wilson", role: "TEACHER", schoolId: secondSchoolId },
  ];
  const created = [];
  for (const user of users) created.push(await prisma.user.create({ data: { ...user, passwordHash } }));
  return created;
}

async function main() {
  await clearDatabase();
  // One transaction for the thousands of rows rather than a commit for each, which took loading from
  // 7.8-9.4 s to 3.4-3.9 s in runs side by side; and a failure part-way leaves the database empty
  // rather than half loaded.
  const schools = await prisma.$transaction(
    async (tx) => {
      const schools = await seedSchools(tx);
      const [first, second] = schools;
      if (!first || !second) throw new Error("The demo needs at least two schools");
      const [lead] = await seedUsers(tx, first.id, second.id);
      await seedGuide(tx);
      await seedMvp(tx, schools);
      await seedTerms(tx);
      await seedSessions(tx, schools);
      await seedSurveys(tx, schools, lead!.id);
      await seedReachHistory(tx, schools);
      return schools;
    },
    { maxWait: 60_000, timeout: 600_000 },
  );
  // The demo rows are written directly, so their running tallies are counted once at the end.
  await recountAllTallies(prisma);
  console.log(`Demo data loaded: ${schools.length} schools, 4 demo accounts.`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => prisma.$disconnect());
