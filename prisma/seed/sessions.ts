/**
 * Demo sessions for the current academic year, relative to the day the seed runs: a term of visits
 * to schools, an Operation Sceptre week of online workshops the week before last, returns (some overdue),
 * sessions still to come with places left, and one full workshop with a waiting list. Sessions fall on
 * weekdays, and those to come in term time (`sessionStart`).
 */
import type { Prisma } from "~/generated/prisma/client";
import { academicYearOf } from "~/lib/academic-year";
import { fromLondonWallTime, londonDateInputValue } from "~/lib/london-time";
import { suggestedTerms } from "~/lib/terms";
import type { BookingStatus } from "~/lib/statuses";
import { recordedAfter } from "./recorded";

const DAY = 24 * 60 * 60 * 1000;

const TOPICS = [
  {
    title: "Knife-crime awareness",
    description: "Police officers talk through the law, the real consequences of carrying a knife, and how to get out of a risky situation.",
    yearGroups: "7,8,9,10,11",
    durationMinutes: 60,
    formats: "IN_SCHOOL,ONLINE",
  },
  {
    title: "County lines",
    description: "How criminal exploitation works, the signs that a friend is being groomed, and who to tell.",
    yearGroups: "8,9,10,11",
    durationMinutes: 60,
    formats: "IN_SCHOOL,ONLINE",
  },
  {
    title: "Substance misuse",
    description: "Facts about drugs and alcohol, the pressure to use them, and where young people can get help.",
    yearGroups: "9,10,11,12,13",
    durationMinutes: 50,
    formats: "IN_SCHOOL",
  },
  {
    title: "Healthy relationships",
    description: "Respect, consent and controlling behaviour, with time for pupils' questions.",
    yearGroups: "9,10,11,12,13",
    durationMinutes: 60,
    formats: "IN_SCHOOL,ONLINE",
  },
  {
    title: "Online harms",
    description: "Sharing images, online grooming, and violence on social media: what the law says and how to stay safe.",
    yearGroups: "7,8,9,10",
    durationMinutes: 45,
    formats: "IN_SCHOOL,ONLINE",
  },
];

const FACILITATORS = [
  ["PC Dan Harris", "Leicestershire Police"],
  ["PCSO Amira Begum", "Leicestershire Police"],
  ["Jade Thompson", "Leicester City Council Youth Service"],
  ["Marcus Bell", "VRN Navigators"],
] as const;

/** A London day ("YYYY-MM-DD") `days` after `isoDate` (before it when negative). */
function dayAfter(isoDate: string, days: number): string {
  return londonDateInputValue(new Date(Date.parse(`${isoDate}T12:00:00Z`) + days * DAY));
}

/** The academic year a London day falls in. */
const yearOfDay = (isoDate: string) => academicYearOf(new Date(`${isoDate}T12:00:00Z`));

/** Whether a London day falls in one of the demo terms (seedTerms: suggestedTerms) and not in its half-term. */
function inTerm(isoDate: string): boolean {
  const terms = suggestedTerms(yearOfDay(isoDate));
  return terms.some((t) => t.startsOn <= isoDate && isoDate <= t.endsOn && !(t.halfTermStartsOn <= isoDate && isoDate <= t.halfTermEndsOn));
}

/**
 * A London time about `days` from `now` (negative for the past) on a day a session could be held, as a
 * lead would schedule it: a day still to come is counted in term time only, so none falls in a holiday or
 * a half-term of the demo terms; a past day in one moves back to the term's last day before it, unless
 * that is in the academic year before (the demo's figures would move with it); and a day on a weekend
 * moves to the Friday before, or after a half-term to the Monday after.
 */
export function sessionStart(now: Date, days: number, time: string): Date {
  let day = londonDateInputValue(now);
  if (days > 0) {
    for (let counted = 0; counted < days;) {
      day = dayAfter(day, 1);
      if (inTerm(day)) counted++;
    }
  } else {
    day = dayAfter(day, days);
    for (let back = day; yearOfDay(back) === yearOfDay(day); back = dayAfter(back, -1)) {
      if (inTerm(back)) {
        day = back;
        break;
      }
    }
  }
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  if (weekday === 6 || weekday === 0) {
    const friday = dayAfter(day, weekday === 6 ? -1 : -2);
    // The weekend after a half-term: the Friday before is in the half-term, the Monday after is not.
    day = inTerm(friday) ? friday : dayAfter(day, weekday === 6 ? 2 : 1);
  }
  return fromLondonWallTime(day, time)!;
}

/** How long before a confirmed session its first reminder is due (app/models/reminders.server.ts). */
const FIRST_REMINDER_DAYS = 7;

/**
 * The days of term time from `now` to the demo school's next session (sessionStart): five, or fewer where five
 * would be more than a week away (the end of a term), so that `npm run jobs` has its 7-day reminder to
 * send, and more than two days away, for its booking closes two days before. Where no school day is
 * (a holiday), the session is simply the fifth school day.
 */
export function soonSessionDays(now: Date, time: string): number {
  for (let days = 5; days >= 1; days--) {
    const ahead = sessionStart(now, days, time).getTime() - now.getTime();
    if (ahead <= FIRST_REMINDER_DAYS * DAY && ahead > 2 * DAY) return days;
  }
  return 5;
}

/**
 * The days from `now` of the demo's Operation Sceptre week: Monday to Friday of the week before last (10
 * to 20 days ago), as a campaign week runs, rather than five days in a row that may span a weekend.
 */
export function operationSceptreDays(now: Date): number[] {
  const weekday = new Date(`${londonDateInputValue(now)}T12:00:00Z`).getUTCDay();
  const monday = -14 - ((weekday + 6) % 7);
  return [0, 1, 2, 3, 4].map((n) => monday + n);
}

type School = { id: string; numberOnRoll: number | null };

export async function seedSessions(prisma: Prisma.TransactionClient, schools: readonly School[], now = new Date()) {
  const topics = [];
  for (const topic of TOPICS) topics.push(await prisma.topic.create({ data: topic }));
  const [knife, county, substance, relationships, online] = topics as [
    (typeof topics)[0],
    (typeof topics)[0],
    (typeof topics)[0],
    (typeof topics)[0],
    (typeof topics)[0],
  ];
  const demoSchool = schools[0]!;
  const open = schools.filter((s) => s !== schools[59]);
  const others = open.slice(2);
  let facilitator = 0;

  async function delivery(
    topic: { id: string; durationMinutes: number },
    days: number,
    format: "IN_SCHOOL" | "ONLINE",
    extra: { capacity?: number; needsConfirmation?: boolean; campaign?: string; time?: string } = {},
  ) {
    const startsAt = sessionStart(now, days, extra.time ?? "10:00");
    const [name, org] = FACILITATORS[facilitator++ % FACILITATORS.length]!;
    return prisma.delivery.create({
      data: {
        topicId: topic.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + topic.durationMinutes * 60_000),
        format,
        capacity: format === "IN_SCHOOL" ? 1 : (extra.capacity ?? 20),
        facilitatorName: name,
        facilitatorOrg: org,
        needsConfirmation: extra.needsConfirmation ?? format === "IN_SCHOOL",
        bookingClosesAt: new Date(startsAt.getTime() - 2 * DAY),
        campaign: extra.campaign ?? "",
      },
    });
  }

  async function book(deliveryId: string, school: School, status: BookingStatus, pupils: number, years: number[], attended?: boolean) {
    const expected = Math.min(pupils, school.numberOnRoll ?? pupils);
    const booking = await prisma.booking.create({
      data: {
        deliveryId,
        schoolId: school.id,
        status: attended ? "DELIVERED" : status,
        yearGroups: years.join(","),
        expectedPupils: expected,
        contactName: "Head of Year",
        contactPhone: "0116 496 0123",
        accessNeeds: expected % 3 === 0 ? "Two pupils use wheelchairs; the hall has a ramp at the side entrance." : "",
      },
    });
    if (attended) {
      const share = Math.floor((expected * 0.9) / years.length);
      const { startsAt } = await prisma.delivery.findUniqueOrThrow({ where: { id: deliveryId }, select: { startsAt: true } });
      await prisma.attendanceReturn.create({
        data: {
          bookingId: booking.id,
          staffPresent: 2 + (expected % 3),
          recordedAt: recordedAfter(startsAt, now, 1 + (expected % 4)),
          counts: { create: years.map((yearGroup) => ({ yearGroup, pupils: share })) },
        },
      });
    }
    return booking;
  }

  // Autumn term: visits to many schools, most with returns; the last few are waiting, some overdue.
  const autumn = [knife, county, relationships, substance, online];
  for (let i = 0; i < 24; i++) {
    const days = -75 + i * 3;
    const d = await delivery(autumn[i % autumn.length]!, days, "IN_SCHOOL");
    await book(d.id, others[i]!, "CONFIRMED", 150 + (i % 5) * 30, [8 + (i % 3)], days < -12 || i % 2 === 0 ? days < -1 : undefined);
  }

  // Operation Sceptre: a week of online workshops, each joined by many schools.
  for (const [n, days] of operationSceptreDays(now).entries()) {
    const d = await delivery([knife, county, knife, online, knife][n]!, days, "ONLINE", {
      capacity: 30,
      campaign: "Operation Sceptre",
      time: "13:30",
      needsConfirmation: false,
    });
    for (let s = 0; s < 14; s++) {
      const school = others[(n * 9 + s) % others.length]!;
      await book(d.id, school, "CONFIRMED", 120 + s * 10, [7, 8, 9], s % 6 !== 5);
    }
    if (n === 4) await book(d.id, demoSchool, "CONFIRMED", 180, [8, 9]);
  }

  // To come: visits with places, online workshops with places, requests for the lead.
  for (let i = 0; i < 10; i++) {
    const d = await delivery(autumn[i % autumn.length]!, 9 + i * 7, "IN_SCHOOL");
    if (i % 3 === 1) await book(d.id, others[30 + i]!, "REQUESTED", 200, [9, 10]);
  }
  // Soon enough for `npm run jobs` to send the demo school its 7-day reminder, in term time.
  const demoSoon = await delivery(county, soonSessionDays(now, "14:00"), "ONLINE", { capacity: 15, needsConfirmation: false, time: "14:00" });
  await book(demoSoon.id, demoSchool, "CONFIRMED", 120, [10]);
  for (let s = 0; s < 4; s++) await book(demoSoon.id, others[s + 20]!, "CONFIRMED", 100, [9, 10]);
  const demoVisit = await delivery(knife, 16, "IN_SCHOOL");
  await book(demoVisit.id, demoSchool, "CONFIRMED", 240, [9]);
  const demoOnline = await delivery(online, 23, "ONLINE", { capacity: 25, needsConfirmation: false });
  await book(demoOnline.id, demoSchool, "CONFIRMED", 200, [7, 8]);
  for (let s = 0; s < 6; s++) await book(demoOnline.id, others[s + 5]!, "CONFIRMED", 150, [7, 8]);
  const requested = await delivery(relationships, 30, "ONLINE", { capacity: 12, needsConfirmation: true });
  await book(requested.id, demoSchool, "REQUESTED", 150, [10, 11]);
  await book(requested.id, others[12]!, "REQUESTED", 120, [10]);
  await delivery(county, 37, "ONLINE", { capacity: 20, needsConfirmation: false });
  await delivery(substance, 44, "IN_SCHOOL");

  // A popular workshop that is full, with two schools waiting.
  const full = await delivery(knife, 20, "ONLINE", { capacity: 3, needsConfirmation: false, time: "09:15" });
  for (const school of others.slice(40, 43)) await book(full.id, school, "CONFIRMED", 180, [9, 10]);
  for (const [n, school] of others.slice(43, 45).entries()) {
    await prisma.waitlistEntry.create({ data: { deliveryId: full.id, schoolId: school.id, createdAt: new Date(now.getTime() - (2 - n) * DAY) } });
  }
}
