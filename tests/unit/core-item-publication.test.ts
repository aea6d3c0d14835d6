/**
 * Which board reports give the core survey items (decision 0155): only the whole area's, for a finished
 * academic year, as first published and kept. This file has its own database, so "the whole area" is the
 * schools made here.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { publishedCoreItems } from "~/models/core-item-publication.server";
import { getBoardReport } from "~/models/reach-report.server";
import { describePublishedShare } from "~/models/reach-rules";
import { getReachDashboard } from "~/models/reach.server";
import { createUser } from "./factories";
import { booking, deliveryAt, locality, repeat, school, surveyRun, surveyTemplate, topic, wholeArea } from "./reach-factories";

/** A finished year, and a moment in the year after it. */
const FINISHED = 2024;
const NOW = new Date("2025-11-30T12:00:00Z");
const UNDER_WAY = 2025;
/** A finished year of sessions and no survey. */
const NO_SURVEYS = 2022;

let lead: Actor;
let north: { id: string };
let knifeCrime: string;

/** A school of `place` with a session in `year`'s autumn that 30 pupils attended, surveyed before and after. */
async function surveyedSchool(year: number, place: string, type: string, before: Record<string, number>[], after: Record<string, number>[]) {
  const taught = await school(place, 300, { type });
  const b = await booking((await deliveryAt(knifeCrime, `${year}-10-14`, "10:00")).id, taught.id, "DELIVERED", { 9: 30 });
  await surveyRun(await surveyTemplate("BEFORE"), taught.id, year, before, b.id);
  await surveyRun(await surveyTemplate("AFTER"), taught.id, year, after, b.id);
  return taught;
}

beforeAll(async () => {
  lead = await createUser({ role: "VRN_LEAD" });
  knifeCrime = (await topic("Knife crime")).id;
  north = await locality("North");
  const south = await locality("South");
  for (const year of [FINISHED, UNDER_WAY]) {
    // The shape of the demo's case (decision 0154): two surveyed schools of one locality, one secondary and
    // one all-through, whose reports by locality, by locality and type and by type overlap by one run.
    await surveyedSchool(year, north.id, "SECONDARY", [...repeat(5, { law: 4 }), ...repeat(14, { law: 2 }), { law: 0 }], repeat(20, { law: 5 }));
    await surveyedSchool(
      year,
      north.id,
      "ALL_THROUGH",
      [...repeat(12, { law: 4 }), ...repeat(6, { law: 2 }), ...repeat(2, { law: 0 })],
      repeat(20, { law: 5 }),
    );
    await surveyedSchool(year, south.id, "SECONDARY", repeat(20, { law: 4 }), [...repeat(15, { law: 5 }), ...repeat(5, { law: 1 })]);
    // Ten schools with figures in all, so the whole area's report is not one of a few schools (decision 0121).
    for (let i = 0; i < 7; i++) {
      const other = await school(south.id, 300);
      await booking((await deliveryAt(knifeCrime, `${year}-11-0${i + 1}`, "10:00")).id, other.id, "DELIVERED", { 8: 25 });
    }
  }
  for (let i = 0; i < 10; i++) {
    const other = await school(south.id, 300);
    await booking((await deliveryAt(knifeCrime, `${NO_SURVEYS}-11-${10 + i}`, "10:00")).id, other.id, "DELIVERED", { 8: 25 });
  }
});

const kept = () => prisma.coreItemPublication.findMany({ orderBy: { year: "asc" } });

describe("the board report's core survey items", () => {
  it("are not given by a report of some schools: the locality, locality and type, and type reports that pinned the demo's counts give none", async () => {
    for (const year of [FINISHED, UNDER_WAY]) {
      for (const narrowing of [
        { localityId: north.id },
        { localityId: north.id, schoolType: "SECONDARY" },
        { schoolType: "ALL_THROUGH" },
        { term: "autumn" as const },
      ]) {
        const report = await getBoardReport(lead, wholeArea(year, narrowing), NOW);
        expect(report.coreItems, JSON.stringify(narrowing)).toEqual({ shown: false, why: "narrowed", wholeYear: FINISHED });
        // Nothing of the items reaches the page's data: no share, and no earlier year's either.
        expect(JSON.stringify(report)).not.toMatch(/percent|"law"|previousCoreItems/);
      }
    }
    // The dashboard, inside the VRN, keeps the exact shares of any filter.
    const dashboard = await getReachDashboard(lead, wholeArea(FINISHED, { localityId: north.id, schoolType: "SECONDARY" }), NOW);
    expect(dashboard.coreItems.find((i) => i.coreKey === "law")?.before).toMatchObject({ responses: 20, counted: 19 });
  });

  it("are not given for a year under way, whose shares move from one day to the next, and nothing is kept for it", async () => {
    const report = await getBoardReport(lead, wholeArea(UNDER_WAY), NOW);
    expect(report.coreItems).toEqual({ shown: false, why: "under way", wholeYear: FINISHED });
    expect((await kept()).map((k) => k.year)).not.toContain(UNDER_WAY);
    await expect(publishedCoreItems(lead, UNDER_WAY, NOW)).rejects.toThrow(/not over/);
  });

  it("are given for the whole area and a finished year, kept as first published: later figures of that year do not move them", async () => {
    // A template made since the year ended words the item anew: the year is published in the words its pupils read.
    const newer = await surveyTemplate("BEFORE");
    await prisma.surveyQuestion.updateMany({ where: { templateId: newer.id, coreKey: "law" }, data: { prompt: "Carrying a knife is a crime" } });
    // Two reports at once keep one copy.
    const [first, second] = await Promise.all([getBoardReport(lead, wholeArea(FINISHED), NOW), getBoardReport(lead, wholeArea(FINISHED), NOW)]);
    expect(second.coreItems).toEqual(first.coreItems);
    expect((await kept()).map((k) => k.year)).toEqual([FINISHED]);
    if (!first.coreItems.shown) throw new Error("expected the finished year's core items");
    const law = first.coreItems.items.find((i) => i.coreKey === "law")!;
    // Over the three surveyed schools, 37 of the 57 giving a view agree before (65%), 55 of 60 after (92%).
    expect([describePublishedShare(law.before), describePublishedShare(law.after), law.change.points]).toEqual([
      "65% of 55 to 59 giving a view (60 to 64 responses)",
      "90% of 60 to 64 giving a view (60 to 64 responses)",
      25,
    ]);
    // 2023/24 has fewer than 10 schools with any figure, so no change of that year is set beside it.
    expect(first.coreItems.previous).toEqual([]);

    // A survey of that year counted later (a late return, a correction): the dashboard's exact figures move,
    // the published ones do not, so no difference between two reports gives its pupils back.
    await surveyedSchool(FINISHED, north.id, "SECONDARY", repeat(10, { law: 1 }), repeat(10, { law: 5 }));
    const exact = (await getReachDashboard(lead, wholeArea(FINISHED), NOW)).coreItems.find((i) => i.coreKey === "law")!;
    expect(exact.before).toMatchObject({ responses: 70, counted: 67 });
    // A core item worded anew later keeps, in the published year, the words its pupils answered.
    const { prompt } = law;
    await prisma.surveyQuestion.updateMany({ where: { coreKey: "law" }, data: { prompt: "Carrying a knife is a crime" } });
    const later = await getBoardReport(lead, wholeArea(FINISHED), new Date("2026-03-01T12:00:00Z"));
    expect(later.coreItems).toEqual(first.coreItems);
    expect(prompt).toBe("Carrying a knife is against the law");
    expect((await kept()).map((k) => k.year)).toEqual([FINISHED]);
  });

  it("set a finished year beside the year before as each was kept, and give none for a year of fewer than 10 schools with figures", async () => {
    const nextYear = new Date("2026-11-30T12:00:00Z");
    const report = await getBoardReport(lead, wholeArea(UNDER_WAY), nextYear);
    if (!report.coreItems.shown) throw new Error("expected 2025/26's core items");
    const [law, lawBefore] = [report.coreItems.items, report.coreItems.previous].map((items) => items.find((i) => i.coreKey === "law")!);
    expect(law!.change.points).toBe(25);
    // The year before's change is from its kept figures (25), not from the figures with the survey added
    // after they were kept: 37 of 67 (55%), then 65 of 70 (93%), up 38 on the dashboard.
    expect(lawBefore!.change.points).toBe(25);
    const exact = (await getReachDashboard(lead, wholeArea(FINISHED), nextYear)).coreItems.find((i) => i.coreKey === "law")!;
    expect(exact.change.points).toBe(38);
    expect((await kept()).map((k) => k.year)).toEqual([FINISHED, UNDER_WAY]);

    // 2022/23 has ten schools with figures and no survey: kept with no item, and no report links to it.
    expect((await getBoardReport(lead, wholeArea(NO_SURVEYS, { term: "autumn" }), nextYear)).coreItems).toMatchObject({ why: "narrowed", wholeYear: null });
    expect((await getBoardReport(lead, wholeArea(NO_SURVEYS), nextYear)).coreItems).toEqual({ shown: true, items: [], previous: [] });
    expect((await getBoardReport(lead, wholeArea(NO_SURVEYS, { term: "autumn" }), nextYear)).coreItems).toMatchObject({ why: "narrowed", wholeYear: null });

    // 2023/24 has no school with any figure: nothing is published for it, and nothing kept.
    const empty = await getBoardReport(lead, wholeArea(2023), nextYear);
    expect(empty.coreItems).toEqual({ shown: false, why: "few schools", wholeYear: null });
    // A report of some schools in that year links to no report of the whole area, since that one gives none either.
    expect((await getBoardReport(lead, wholeArea(2023, { term: "autumn" }), nextYear)).coreItems).toEqual({ shown: false, why: "narrowed", wholeYear: null });
    expect(await publishedCoreItems(lead, 2023, nextYear)).toBeNull();
    expect((await kept()).map((k) => k.year)).toEqual([NO_SURVEYS, FINISHED, UNDER_WAY]);
  });

  it("are the VRN lead's to publish: a teacher cannot have a year's figures counted or read", async () => {
    const teacher = await createUser({ role: "TEACHER" });
    await expect(publishedCoreItems(teacher, FINISHED, NOW)).rejects.toMatchObject({ status: 403 });
  });
});
