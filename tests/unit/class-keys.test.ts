/**
 * Each mentor-led lesson keeps its class name's key (decision 0206), which reach groups classes by in SQL.
 * The model writes it with the name; the migration that added it worked it out in SQL for names all in
 * ASCII and left '' for the rest; the server, starting, works those out by the same rule as the model.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { byEngine, prisma } from "~/db.server";
import { academicYearOf } from "~/lib/academic-year";
import { londonDayStart } from "~/lib/dates";
import { fillClassKeysLeftEmpty } from "~/models/class-keys.server";
import { createLesson, updateLesson } from "~/models/mvp-lessons.server";
import { classNameKey } from "~/models/mvp-reach-rules";
import { migrationFill, POSTGRESQL_MIGRATIONS, SQLITE_MIGRATIONS } from "../../scripts/lib/engines.mjs";
import { cohortWithMentors, completeAll, curriculum, lesson, mvpSchool } from "./mvp-factories";

const year = academicYearOf(new Date());
/** Names the class field accepts, written as schools might: case, spaces, letters outside ASCII, "ß" (two capitals). */
const NAMES = ["8b", " 8 B", "9/Ma2", "10.x-1", "7é", "7É", "Ünal 1", "8ß", "Δ9"];
let school: Awaited<ReturnType<typeof mvpSchool>>;
let mentorIds: string[];

beforeAll(async () => {
  school = await mvpSchool();
  const required = (await curriculum()).filter((m) => m.required).map((m) => m.id);
  const cohort = await cohortWithMentors(school.school.id, year, ["Ann B.", "Ben C.", "Cat D."]);
  mentorIds = cohort.mentors.map((m) => m.id);
  await completeAll(mentorIds, required, londonDayStart(`${year}-09-20`));
});

const lessonInput = (className: string) => ({
  deliveredOn: `${year}-10-12`,
  className,
  yearGroup: 8,
  pupilsPresent: 28,
  mentorIds,
  topic: "Online abuse",
  reflection: "",
});

async function storedKey(id: string): Promise<string> {
  return (await prisma.mentorLesson.findUniqueOrThrow({ where: { id }, select: { classKey: true } })).classKey;
}

describe("a lesson's class key", () => {
  it("is written with the lesson, and again when its class name changes", async () => {
    const made = await createLesson(school.mvpLead, lessonInput("7é"));
    if (!made.ok) throw new Error(made.message);
    expect(await storedKey(made.id)).toBe("7É");
    const changed = await updateLesson(school.mvpLead, made.id, lessonInput("8 ß"));
    expect(changed).toMatchObject({ ok: true, changed: true });
    expect(await storedKey(made.id)).toBe("8SS");
  });

  it("is worked out by the migration for names in ASCII, and by the server at start for the rest, alike", async () => {
    const ids: string[] = [];
    for (const name of NAMES) ids.push((await lesson(school.school.id, year, name, 20, mentorIds)).id);
    await prisma.mentorLesson.updateMany({ where: { id: { in: ids } }, data: { classKey: "not yet" } });
    const fill = migrationFill(
      byEngine({ sqlite: SQLITE_MIGRATIONS, postgresql: POSTGRESQL_MIGRATIONS }),
      "_mentor_lessons_keep_their_class_key",
      "-- Fill the class keys",
    )
      .replace(/^\s*--.*$/gm, "")
      .trim();
    await prisma.$executeRawUnsafe(fill);

    const keys = async () => (await Promise.all(ids.map(storedKey))).map((key, i) => [NAMES[i], key]);
    expect(await keys()).toEqual([
      ["8b", "8B"],
      [" 8 B", "8B"],
      ["9/Ma2", "9/MA2"],
      ["10.x-1", "10.X-1"],
      ["7é", ""],
      ["7É", ""],
      ["Ünal 1", ""],
      ["8ß", ""],
      ["Δ9", ""],
    ]);

    // The fill covers every lesson, the earlier test's among them.
    const left = await prisma.mentorLesson.count({ where: { classKey: "" } });
    expect(left).toBeGreaterThanOrEqual(5);
    expect(await fillClassKeysLeftEmpty()).toBe(left);
    expect(await keys()).toEqual(NAMES.map((name) => [name, classNameKey(name)]));
    expect(await fillClassKeysLeftEmpty()).toBe(0);
  });

  it("is left '' for a name of spaces alone, which has none, and the fill does not count it as written", async () => {
    const blank = await lesson(school.school.id, year, "  ", 20, mentorIds);
    expect(await storedKey(blank.id)).toBe("");
    expect(await fillClassKeysLeftEmpty()).toBe(0);
    expect(await storedKey(blank.id)).toBe("");
  });
});
