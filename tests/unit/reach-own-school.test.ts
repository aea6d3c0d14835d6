import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/auth/actor";
import { getOwnSchoolReach } from "~/models/reach-schools.server";
import { prisma } from "~/db.server";
import { londonDayStart } from "~/lib/dates";
import { createUser } from "./factories";
import { booking, deliveryAt, locality, school, topic } from "./reach-factories";

/*
 * One locality of four open schools, each reached once in 2025/26 by a knife-crime workshop: Ash 40
 * pupils, Birch 25, Cedar 50, Damson 31; and Elm, reached by 90 in 2024/25, which closed on 31 July 2025.
 * A second locality of two schools.
 */
const now = new Date("2026-05-20T12:00:00Z");
const YEAR = 2025;
const yearOf = async (actor: Actor) => (await getOwnSchoolReach(actor, now)).years.find((y) => y.year === YEAR)!;

let staff: Record<"ash" | "birch" | "fir", Actor>;
let ids: Record<string, string>;

beforeAll(async () => {
  const [alpha, beta] = [await locality("Alpha"), await locality("Beta")];
  const ash = await school(alpha.id, 400, { name: "Ash Academy" });
  const birch = await school(alpha.id, 400, { name: "Birch School" });
  const cedar = await school(alpha.id, 400, { name: "Cedar College" });
  const damson = await school(alpha.id, 400, { name: "Damson High" });
  const elm = await school(alpha.id, 400, { name: "Elm (closed)", status: "CLOSED", closedOn: londonDayStart("2025-07-31") });
  const fir = await school(beta.id, 400, { name: "Fir Academy" });
  await school(beta.id, 400, { name: "Gorse School" });
  const knife = await topic("Knife crime");
  const workshop = await deliveryAt(knife.id, "2025-10-08", "10:00");
  for (const [id, pupils] of [
    [ash.id, 40],
    [birch.id, 25],
    [cedar.id, 50],
    [damson.id, 31],
  ] as const) {
    await booking(workshop.id, id, "DELIVERED", { 9: pupils });
  }
  await booking((await deliveryAt(knife.id, "2024-10-08", "10:00")).id, elm.id, "DELIVERED", { 9: 90 });
  ids = { ash: ash.id, knife: knife.id, birch: birch.id, cedar: cedar.id, damson: damson.id };
  staff = {
    ash: await createUser({ role: "TEACHER", schoolId: ash.id }),
    birch: await createUser({ role: "MVP_LEAD", schoolId: birch.id }),
    fir: await createUser({ role: "TEACHER", schoolId: fir.id }),
  };
});

describe("a school's own reach beside the other schools", () => {
  it("averages over the other open schools only, rounded as the page shows them", async () => {
    const year = await yearOf(staff.ash);
    expect(year.own.pupils).toBe(40);
    // Birch, Cedar and Damson: (25 + 50 + 31) ÷ 3 = 35.33, shown as 35; Elm had closed.
    expect(year.locality).toMatchObject({ schools: 3, pupils: 35, deliveries: 1 });
    // The area adds Fir and Gorse, not reached: 106 ÷ 5 = 21.2.
    expect(year.area).toMatchObject({ schools: 5, pupils: 21 });
    // Birch's staff see Ash in their average, and never Birch.
    expect(await yearOf(staff.birch)).toMatchObject({ own: { pupils: 25 }, locality: { schools: 3, pupils: 40 } });
    // In 2024/25 Elm was open, so it is among the year's other schools (its 90 alone: too few schools to show).
    const earlier = (await getOwnSchoolReach(staff.ash, now)).years.find((y) => y.year === YEAR - 1)!;
    expect(earlier.locality).toMatchObject({ schools: 4, pupils: null, withheld: { pupils: "few" } });
  });

  it("does not move when the reader changes their own figure, so no rounded average can be pinned by it", async () => {
    const before = await yearOf(staff.ash);
    // Ash's staff record more pupils, one at a time, watching for the average to tick over.
    for (let added = 5; added <= 9; added++) {
      const session = await deliveryAt(ids.knife!, "2025-11-1" + (added - 5), "10:00");
      await booking(session.id, ids.ash!, "DELIVERED", { 8: added });
      const year = await yearOf(staff.ash);
      expect(year.locality).toEqual(before.locality);
      expect(year.area).toEqual(before.area);
    }
    expect((await yearOf(staff.ash)).own.pupils).toBe(40 + 5 + 6 + 7 + 8 + 9);
    // The other schools' staff see the change in their averages, as they should.
    expect((await yearOf(staff.birch)).locality).toMatchObject({ pupils: Math.round((40 + 35 + 50 + 31) / 3) });
  });

  it("shows no average of a figure that only one or two of the schools have, since times their number it is theirs", async () => {
    const lessons = (schoolId: string, pupilsPresent: number) =>
      prisma.mentorLesson.create({
        data: {
          schoolId,
          academicYear: YEAR,
          deliveredOn: londonDayStart("2025-11-20"),
          className: "8A",
          classKey: "8A",
          yearGroup: 8,
          pupilsPresent,
          topic: "Bystanders",
        },
      });
    // Only Cedar runs mentor-led lessons: an average over Birch, Cedar and Damson of 28 ÷ 3 would be Cedar's 28.
    await lessons(ids.cedar!, 28);
    const one = await yearOf(staff.ash);
    expect(one.locality).toMatchObject({ mvpPupils: null, withheld: { mvpPupils: "few" }, pupils: 35 });
    await lessons(ids.birch!, 26);
    expect((await yearOf(staff.ash)).locality).toMatchObject({ mvpPupils: null, withheld: { mvpPupils: "few" } });
    // With a third, the average no longer gives any one school's figure.
    await lessons(ids.damson!, 30);
    const three = await yearOf(staff.ash);
    expect(three.locality!.mvpPupils).toBe(28);
    expect(three.locality!.withheld).toEqual({});
    // The area's five other schools: three with lessons, (28 + 26 + 30) ÷ 5 = 16.8.
    expect(three.area).toMatchObject({ schools: 5, mvpPupils: 17 });
    await prisma.mentorLesson.deleteMany({ where: { academicYear: YEAR } });
  });

  it("shows no average share of the roll that is one or two schools' share, where the others' rolls are not known", async () => {
    const year = await yearOf(staff.ash);
    // Birch 25, Cedar 50 and Damson 31 of 400 each: (6.25% + 12.5% + 7.75%) ÷ 3.
    expect(year.locality).toMatchObject({ pupils: 35, share: 0.09, withheld: {} });
    // GIAS leaves some rolls blank: with Birch's and Damson's gone, the mean share would be Cedar's 12.5%,
    // and with its public roll of 400, its 50 pupils.
    await prisma.school.updateMany({ where: { id: { in: [ids.birch!, ids.damson!] } }, data: { numberOnRoll: null } });
    try {
      expect((await yearOf(staff.ash)).locality).toMatchObject({ pupils: 35, share: null, withheld: { share: "few rolls" } });
    } finally {
      await prisma.school.updateMany({ where: { id: { in: [ids.birch!, ids.damson!] } }, data: { numberOnRoll: 400 } });
    }
  });

  it("shows no locality average where fewer than 3 other open schools would make it up", async () => {
    const view = await getOwnSchoolReach(staff.fir, now);
    expect(view.localityTooSmall).toBe(true);
    expect(view.years.every((y) => y.locality === null)).toBe(true);
    expect(view.years.find((y) => y.year === YEAR)!.area).toMatchObject({ schools: 5 });
  });
});
