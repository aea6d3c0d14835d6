/**
 * Lists of schools (or of their groups) bound into one statement, at the size of a large area. Named with a
 * parameter each, four counts' schools beside the schools with a small part passed the most parameters
 * PostgreSQL takes in one statement (65,535; SQLite's is 32,766), and so did the groups of 22,000 schools,
 * three parameters each: the board report of such an area was refused with a server error. Each list is now
 * one parameter (`isOneOf`, `rowsTable`), as is the list of mentors whose training is recounted. This file has its own database.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { executeStatement } from "~/models/raw-sql.server";
import { instant } from "~/models/reach-queries.server";
import { FEW_SCHOOLS } from "~/models/disclosure";
import { fewSchoolsCountsWithheld, fewSchoolsFigures } from "~/models/reach-small-cells.server";
import { recountMentorsTrained } from "~/models/tallies.server";
import { cohortWithMentors, curriculum, mvpSchool } from "./mvp-factories";
import { topic } from "./reach-factories";

const YEAR = 2024;
// One group (a local authority, a type, no locality) of 16,400 schools: four counts of them are 65,600 values.
const inOneGroup = Array.from({ length: 16_400 }, (_, i) => `group-${i}`);
// 22,000 schools each in a group of its own: 66,000 values as groups of three.
const eachAlone = Array.from({ length: 22_000 }, (_, i) => `alone-${i}`);
const FEW = FEW_SCHOOLS - 1;

/**
 * Schools `${prefix}0` and on, secondary, in one statement (Prisma's createMany took ten seconds for these):
 * each in a local authority of its own when `alone`, else all in one.
 */
async function insertSchools(prefix: string, count: number, firstUrn: number, alone: boolean) {
  const now = new Date();
  await executeStatement(
    prisma,
    `INSERT INTO "School" ("id", "urn", "name", "localAuthority", "type", "status", "createdAt", "updatedAt")
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
      SELECT CAST(? AS TEXT) || CAST(i AS TEXT), CAST(? + i AS TEXT), 'School ' || CAST(i AS TEXT),
        ${alone ? "'Authority ' || CAST(i AS TEXT)" : "'Authority of many'"}, 'SECONDARY', 'OPEN', ?, ? FROM n`,
    count,
    prefix,
    firstUrn,
    instant(now),
    instant(now),
  );
}

/** A session's tally of `pupils` in `month` for each school whose URN is from `firstUrn` to `lastUrn`. */
async function insertTallies(topicId: string, firstUrn: number, lastUrn: number, month: string, pupils: number) {
  await executeStatement(
    prisma,
    `INSERT INTO "SessionTally" ("schoolId", "month", "topicId", "academicYear", "sessions", "pupils", "lastStartsAt")
      SELECT s."id", ?, ?, ?, 1, ?, ? FROM "School" s WHERE s."urn" >= ? AND s."urn" <= ?`,
    month,
    topicId,
    YEAR,
    pupils,
    instant(new Date(`${month}T10:00:00Z`)),
    String(firstUrn),
    String(lastUrn),
  );
}

beforeAll(async () => {
  const { id: topicId } = await topic("Knife crime");
  await insertSchools("group-", inOneGroup.length, 500000, false);
  await insertSchools("alone-", eachAlone.length, 600000, true);
  // Every school alone: 2 pupils in September, a small part. A few of them in November too, beside as few
  // of the group's with 6 pupils each (not small).
  await insertTallies(topicId, 600000, 600000 + eachAlone.length - 1, "2024-09-01", 2);
  await insertTallies(topicId, 600000, 600000 + FEW - 1, "2024-11-01", 2);
  await insertTallies(topicId, 500000, 500000 + FEW - 1, "2024-11-01", 6);
}, 180_000);

describe("a board report over an area of tens of thousands of schools", () => {
  it("judges a count by the schools of a large group, counting those of that group alone", async () => {
    const group = new Set(inOneGroup);
    const withheld = await fewSchoolsCountsWithheld(YEAR, async () => ({ pupils: group, mentorsTrained: group, mvpPupils: group, surveyResponses: group }));
    // Pupils: only FEW of the group's schools have any (the schools alone, outside the group, would make
    // more); the other counts: none of them has any.
    expect(withheld).toEqual(new Set(["pupils", "mentorsTrained", "mvpPupils", "surveyResponses"]));
  });

  it("judges a month by the schools of thousands of groups, counting those groups' schools alone", async () => {
    const none = new Set<string>();
    const figures = await fewSchoolsFigures(
      YEAR,
      { topicIds: [], yearGroups: [], months: ["2024-09-01", "2024-11-01"] },
      Promise.resolve({ pupils: new Set(eachAlone), mentorsTrained: none, mvpPupils: none, surveyResponses: none }),
    );
    // November is FEW schools' among the groups left, each with a small part, so the months are withheld; the
    // large group's schools that month are in no group left.
    expect(figures).toEqual({ counts: new Set(), topics: false, months: true, yearGroups: false });
  });
});

describe("recounting when mentors became trained", () => {
  it("takes a list of mentors longer than a statement's parameters", async () => {
    const { school } = await mvpSchool();
    const modules = await curriculum();
    const [mentor] = (await cohortWithMentors(school.id, YEAR, ["Ada"])).mentors;
    await prisma.moduleCompletion.createMany({
      data: modules.map((m) => ({ mentorId: mentor!.id, moduleId: m.id, completedAt: new Date("2024-10-01T09:00:00Z") })),
    });
    const others = Array.from({ length: 70_000 }, (_, i) => `no-such-mentor-${i}`);
    await recountMentorsTrained(prisma, [...others, mentor!.id]);
    expect((await prisma.mentor.findUniqueOrThrow({ where: { id: mentor!.id } })).trainedAt).toEqual(new Date("2024-10-01T09:00:00Z"));
  });
});
