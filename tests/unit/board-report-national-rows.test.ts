/**
 * The whole area's tables at national scale (decision 0193): with thousands of schools with a small part, the
 * schools the narrowed reports leave out are thousands too. Named school by school in each row's part of a
 * table's statement, twelve months of them passed the 32,766 parameters SQLite takes in one statement, and
 * the board report was refused; they are named by their groups, once. This file has its own database.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { tallyMonth } from "~/models/tallies.server";
import { fewSchoolsFigures } from "~/models/reach-small-cells.server";
import { monthsOf } from "~/models/reach-rules";
import { topic } from "./reach-factories";

const YEAR = 2024;
const SCHOOLS = 3000;
const months = monthsOf(YEAR).map((month) => tallyMonth(month.start));
const ids = Array.from({ length: SCHOOLS }, (_, i) => `national-${i}`);

beforeAll(async () => {
  const { id: topicId } = await topic("Knife crime");
  // Each school in a group of its own (its own local authority), with 2 pupils in every month: a small part.
  await prisma.school.createMany({
    data: ids.map((id, i) => ({ id, urn: String(800000 + i), name: `School ${i}`, localAuthority: `Authority ${i}`, type: "SECONDARY" })),
  });
  await prisma.sessionTally.createMany({
    data: ids.flatMap((schoolId) =>
      months.map((month) => ({ schoolId, month, topicId, academicYear: YEAR, sessions: 1, pupils: 2, lastStartsAt: new Date(`${month}T10:00:00Z`) })),
    ),
  });
}, 120_000);

describe("the whole area's tables at national scale", () => {
  it("are judged with thousands of schools with a small part, not refused by the engine", async () => {
    const none = new Set<string>();
    const figures = await fewSchoolsFigures(
      YEAR,
      { topicIds: [], yearGroups: [], months },
      Promise.resolve({ pupils: new Set(ids), mentorsTrained: none, mvpPupils: none, surveyResponses: none }),
    );
    // Every month is thousands of schools' and the headline too, so nothing is a few schools'.
    expect(figures).toEqual({ counts: new Set(), topics: false, months: false, yearGroups: false });
  });
});
