import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/auth/actor";
import { schoolsCsvRows } from "~/models/reach-export.server";
import { getOwnSchoolReach } from "~/models/reach-schools.server";
import { roundHalfAwayFromZero } from "~/lib/rounding";
import { createUser } from "./factories";
import { booking, deliveryAt, locality, school, topic, wholeArea } from "./reach-factories";

/*
 * A locality of four open schools in 2025/26, all reached in the autumn term by one topic: the reader's own
 * (Ash, 30 pupils at one session); Birch, a pupil referral unit, with 1 pupil at each of 4 online workshops
 * (4 pupils, which every published figure shows as "<5"); Cedar and Damson, 10 pupils at each of 4.
 */
const now = new Date("2026-05-20T12:00:00Z");
const YEAR = 2025;

let reader: Actor;
let lead: Actor;
let ids: Record<"birch" | "cedar" | "damson", string>;

beforeAll(async () => {
  const alpha = await locality("Alpha");
  const ash = await school(alpha.id, 400, { name: "Ash Academy" });
  const birch = await school(alpha.id, 40, { name: "Birch Learning Centre", type: "PUPIL_REFERRAL_UNIT" });
  const cedar = await school(alpha.id, 400, { name: "Cedar College" });
  const damson = await school(alpha.id, 400, { name: "Damson High" });
  const knife = await topic("Knife crime");
  await booking((await deliveryAt(knife.id, "2025-10-01", "10:00")).id, ash.id, "DELIVERED", { 9: 30 });
  for (const day of ["2025-10-06", "2025-10-13", "2025-11-03", "2025-11-10"]) {
    const workshop = await deliveryAt(knife.id, day, "13:30");
    await booking(workshop.id, birch.id, "DELIVERED", { 10: 1 });
    await booking(workshop.id, cedar.id, "DELIVERED", { 9: 10 });
    await booking(workshop.id, damson.id, "DELIVERED", { 9: 10 });
  }
  ids = { birch: birch.id, cedar: cedar.id, damson: damson.id };
  reader = await createUser({ role: "TEACHER", schoolId: ash.id });
  lead = await createUser({ role: "VRN_LEAD" });
});

/** The published schools file's cells for one school: [pupils, sessions]. */
async function publishedRow(schoolId: string) {
  const names = { [ids.birch]: "Birch Learning Centre", [ids.cedar]: "Cedar College", [ids.damson]: "Damson High" };
  for await (const row of schoolsCsvRows(lead, wholeArea(YEAR), true)) {
    if (row[0] === names[schoolId]) return [row[8], row[10]];
  }
  throw new Error("school not in the file");
}

describe("the other schools' sessions on a school's own reach page", () => {
  it("are not averaged where their pupils are not, since each session reached at least one pupil", async () => {
    // Every published figure of the three neighbours: 1 to 4 sessions each, and Birch's pupils "<5".
    expect(await publishedRow(ids.birch)).toEqual(["<5", "<5"]);
    expect(await publishedRow(ids.cedar)).toEqual([40, "<5"]);
    expect(await publishedRow(ids.damson)).toEqual([40, "<5"]);

    const year = (await getOwnSchoolReach(reader, now)).years.find((y) => y.year === YEAR)!;
    // The pupils' average is withheld, as Birch has 4.
    expect(year.locality).toMatchObject({ schools: 3, pupils: null, withheld: { pupils: "small" } });

    // The reader tries every number of sessions the file allows each neighbour against the average shown:
    // an average of 4.0 over three schools of 1 to 4 sessions leaves each exactly 4, and Birch's "<5"
    // pupils at 4 sessions are then exactly 4. So the sessions' average goes with the pupils'.
    const shown = year.locality!.deliveries;
    const birchSessions = new Set<number>();
    for (const b of [1, 2, 3, 4])
      for (const c of [1, 2, 3, 4])
        for (const d of [1, 2, 3, 4]) if (shown === null || roundHalfAwayFromZero((b + c + d) / 3, 1) === shown) birchSessions.add(b);
    expect([...birchSessions]).toEqual([1, 2, 3, 4]);
    // Withheld for the pupils' sake, and the page says so, not that a school has fewer than 5 of something.
    expect(year.locality).toMatchObject({ deliveries: null, withheld: { deliveries: "with pupils" } });
  });
});
