/**
 * Mentors pasted one per line: each line checked by the name rule and for duplicates, the refused lines
 * reported with why, and all or nothing saved.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { checkMentorList } from "~/lib/mentor-list";
import { addMentors } from "~/models/mvp-mentors.server";
import { cohortWithMentors, mvpSchool } from "./mvp-factories";

describe("a pasted list of mentors", () => {
  it("refuses full names, duplicates in the list and names the cohort has, line by line, skipping blank lines", () => {
    const { names, refused } = checkMentorList("Aisha K.\n\n  Ben   T. \nJohn Smith\naisha k.\nZed Q.\r\nMo", ["Zed Q."]);
    expect(names).toEqual(["Aisha K.", "Ben T.", "Mo"]);
    expect(refused).toEqual([
      { line: 4, text: "John Smith", reason: expect.stringContaining("never a full name") },
      { line: 5, text: "aisha k.", reason: "The same name as line 1" },
      { line: 6, text: "Zed Q.", reason: "A mentor in this cohort already has this name" },
    ]);
  });

  it("finds a name the cohort has however it is written: an accent as a letter and a mark, a zero-width space", () => {
    const { refused } = checkMentorList("Zoe\u0308 N.\nAisha\u200B K.", ["Zoë N.", "Aisha K."]);
    expect(refused.map((r) => r.line)).toEqual([1, 2]);
  });

  it("saves every name in the year group chosen, or none when a line is refused", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, 2026, ["Zed Q."]);
    const refused = await addMentors(mvpLead, cohort.id, { intent: "paste", names: "Aisha K.\nZed Q.", yearGroup: 11 });
    expect(refused).toMatchObject({ ok: false, refused: [{ line: 2 }] });
    expect(await prisma.mentor.count({ where: { cohortId: cohort.id } })).toBe(1);

    expect(await addMentors(mvpLead, cohort.id, { intent: "paste", names: "Aisha K.\nBen T.\nCara L.", yearGroup: 11 })).toEqual({ ok: true, added: 3 });
    const mentors = await prisma.mentor.findMany({ where: { cohortId: cohort.id, yearGroup: 11 }, orderBy: { displayName: "asc" } });
    expect(mentors.map((m) => m.displayName)).toEqual(["Aisha K.", "Ben T.", "Cara L."]);
    expect(await prisma.auditEvent.count({ where: { entityType: "MentorCohort", entityId: cohort.id, action: "create" } })).toBe(1);
  });

  it("logs one mentor added as one mentor, not one mentors", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, 2026, []);
    expect(await addMentors(mvpLead, cohort.id, { intent: "paste", names: "Aisha K.", yearGroup: 10 })).toEqual({ ok: true, added: 1 });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityType: "MentorCohort", entityId: cohort.id, action: "create" } });
    expect(audit.summary).toMatch(/^Added 1 Year 10 mentor to the MVP cohort /);
  });

  it("refuses a list of more than 60 mentors whole, saying so rather than that one line could not be added", async () => {
    const { school, mvpLead } = await mvpSchool();
    const cohort = await cohortWithMentors(school.id, 2026, []);
    const names = Array.from({ length: 61 }, (_, i) => `Pupil${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))} Q.`).join(
      "\n",
    );
    expect(await addMentors(mvpLead, cohort.id, { intent: "paste", names, yearGroup: 10 })).toEqual({
      ok: false,
      refused: [],
      message: "Paste 60 mentors or fewer at a time. No mentors were added",
    });
    expect(await prisma.mentor.count({ where: { cohortId: cohort.id } })).toBe(0);
  });
});
