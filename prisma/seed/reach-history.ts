/**
 * Sessions in the two academic years before the current one (2025/26 and 2024/25 when the demo runs in
 * 2026/27), all with attendance recorded, so the reach pages can compare years and show schools not
 * reached in two years. Added after the current year's sessions and never touching them.
 */
import type { Prisma } from "~/generated/prisma/client";
import { academicYearOf } from "~/lib/academic-year";
import { fromLondonWallTime } from "~/lib/london-time";
import { recordedAfter } from "./recorded";

type School = { id: string; numberOnRoll: number | null; status?: string };

const FACILITATORS = [
  ["PC Dan Harris", "Leicestershire Police"],
  ["PCSO Amira Begum", "Leicestershire Police"],
  ["Marcus Bell", "VRN Navigators"],
] as const;

/** How busy each past year was: fewer sessions further back, as the programme grew. */
const PLANS = [
  { yearsAgo: 1, visits: 28, workshops: 4, schoolsPerWorkshop: 9, stride: 2 },
  { yearsAgo: 2, visits: 14, workshops: 2, schoolsPerWorkshop: 7, stride: 3 },
];

const pad = (n: number) => String(n).padStart(2, "0");

/** A weekday in the academic year: the nth of `count` evenly spread from mid-September to mid-July. */
function schoolDay(year: number, n: number, count: number): string {
  const start = Date.UTC(year, 8, 15);
  const span = Date.UTC(year + 1, 6, 15) - start;
  const date = new Date(start + Math.floor((n * span) / count));
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) date.setUTCDate(date.getUTCDate() + (weekday === 6 ? 2 : 1));
  // Keep clear of the Christmas and Easter holidays' quietest weeks by moving on a week.
  if (date.getUTCMonth() === 11 && date.getUTCDate() > 19) date.setUTCDate(date.getUTCDate() + 14);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

export async function seedReachHistory(prisma: Prisma.TransactionClient, schools: readonly School[], now = new Date()) {
  const topics = await prisma.topic.findMany({ orderBy: { title: "asc" } });
  const open = schools.filter((s) => (s.status ?? "OPEN") === "OPEN");
  const current = academicYearOf(now);
  let facilitator = 0;
  let bookings = 0;

  for (const plan of PLANS) {
    const year = current - plan.yearsAgo;
    const total = plan.visits + plan.workshops;
    const attend = async (deliveryId: string, startsAt: Date, school: School, pupils: number, yearGroups: number[]) => {
      const expected = Math.min(pupils, school.numberOnRoll ?? pupils);
      const each = Math.max(1, Math.floor((expected * 0.9) / yearGroups.length));
      bookings++;
      await prisma.booking.create({
        data: {
          deliveryId,
          schoolId: school.id,
          status: "DELIVERED",
          yearGroups: yearGroups.join(","),
          expectedPupils: expected,
          contactName: "Head of Year",
          contactPhone: "0116 496 0123",
          attendance: {
            create: {
              staffPresent: 2,
              recordedAt: recordedAfter(startsAt, now, 1 + (bookings % 6)),
              counts: { create: yearGroups.map((yearGroup) => ({ yearGroup, pupils: each })) },
            },
          },
        },
      });
    };

    for (let n = 0; n < total; n++) {
      const online = n % Math.ceil(total / plan.workshops) === 3 && n / Math.ceil(total / plan.workshops) < plan.workshops;
      const topic = topics[(n + plan.yearsAgo) % topics.length]!;
      const startsAt = fromLondonWallTime(schoolDay(year, n, total), online ? "13:30" : "10:00")!;
      const [name, org] = FACILITATORS[facilitator++ % FACILITATORS.length]!;
      // One visit a year fell through: it did not happen, and reached nobody.
      const status = n === 5 ? "NOT_DELIVERED" : "SCHEDULED";
      const delivery = await prisma.delivery.create({
        data: {
          topicId: topic.id,
          startsAt,
          endsAt: new Date(startsAt.getTime() + topic.durationMinutes * 60_000),
          format: online ? "ONLINE" : "IN_SCHOOL",
          capacity: online ? 30 : 1,
          facilitatorName: name,
          facilitatorOrg: org,
          needsConfirmation: !online,
          bookingClosesAt: new Date(startsAt.getTime() - 2 * 24 * 60 * 60_000),
          status,
          statusReason: status === "NOT_DELIVERED" ? "The facilitator was unwell" : "",
        },
      });
      if (online) {
        for (let s = 0; s < plan.schoolsPerWorkshop; s++) {
          await attend(delivery.id, startsAt, open[(n * 5 + s * plan.stride + 1) % open.length]!, 90 + s * 15, [7, 8, 9]);
        }
      } else {
        // The demo schools (the first two) had visits last year; some schools had none in either year.
        const school = n === 0 ? open[0]! : n === 1 && plan.yearsAgo === 1 ? open[1]! : open[(n * plan.stride * 3 + plan.yearsAgo) % open.length]!;
        if (status === "NOT_DELIVERED") {
          await prisma.booking.create({
            data: {
              deliveryId: delivery.id,
              schoolId: school.id,
              status: "NOT_DELIVERED",
              statusReason: "The facilitator was unwell",
              yearGroups: "9",
              expectedPupils: 150,
              contactName: "Head of Year",
              contactPhone: "0116 496 0123",
            },
          });
        } else {
          await attend(delivery.id, startsAt, school, 120 + (n % 5) * 35, [8 + (n % 3)]);
        }
      }
    }
  }
  return { bookings };
}
