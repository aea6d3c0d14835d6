/**
 * Demo data for Mentors in Violence Prevention: the training curriculum, and MVP running in 13 demo
 * schools at different stages across several academic years. The demo MVP lead's school (the first,
 * URN 990001) has a cohort part-way through training this year (2026/27) and last year's mentors already
 * leading lessons; 2023/24 is closed and its names are due for removal; 2022/23's are already removed.
 * Every mentor name is invented: a first name and initial, or a pseudonym.
 */
import type { Prisma } from "~/generated/prisma/client";
import { londonDayStart } from "~/lib/dates";
import { classNameKey } from "~/models/mvp-reach-rules";
import { DEFAULT_RETENTION_YEARS, neutralMentorLabel, removalYear, RETENTION_SETTING_KEY } from "~/lib/mvp-retention";
import { recordedAfter } from "./recorded";

const MODULES = [
  {
    title: "The bystander approach",
    required: true,
    description: "What a bystander is, the options open to one, and why doing something need not mean stepping in.",
  },
  { title: "Scenario: name-calling and insults", required: true, description: "Sexist, racist and homophobic name-calling, and what a friend can say." },
  { title: "Scenario: online abuse", required: true, description: "Group chats, sharing images without consent and pile-ons." },
  { title: "Scenario: controlling behaviour", required: true, description: "Checking phones, isolating a partner, and spotting control in relationships." },
  { title: "Scenario: knife carrying", required: true, description: "A friend says they carry a knife for protection: the risks and who to tell." },
  { title: "Leading a lesson", required: true, description: "Planning with other mentors, group agreements, managing discussion, passing on a concern." },
  { title: "Scenario: gangs and county lines", required: false, description: "Pressure to hold or run things for older young people." },
  { title: "Looking after yourself as a mentor", required: false, description: "Boundaries, and where mentors get support." },
];

const TOPICS = ["The bystander approach", "Name-calling and insults", "Online abuse", "Controlling behaviour", "Knife carrying"];

const REFLECTIONS = [
  "Good discussion. The class were keen to talk about group chats; next time leave more time for the scenario.",
  "Quiet start, but the role-play worked well. Two pupils stayed behind to ask where to get help.",
  "Mentors kept the group agreement going well. Running the lesson in the library made small groups easier.",
  "",
];

const MENTOR_NAMES = [
  "Aisha K.",
  "Bilal R.",
  "Chloe W.",
  "Dev P.",
  "Ella M.",
  "Farah S.",
  "George T.",
  "Hana B.",
  "Isaac O.",
  "Jasmin D.",
  "Kiran L.",
  "Leah F.",
  "Mohammed A.",
  "Nia J.",
  "Oscar H.",
  "Priya N.",
  "Ravi G.",
  "Sofia C.",
  "Tyler E.",
  "Yusuf Z.",
  "Zara V.",
  "Amelia Q.",
  "Harvey U.",
  "Imani Y.",
  "Jack P.",
  "Maya R.",
  "Noah K.",
  "Olivia T.",
  "Sami H.",
  "Tia G.",
  "Falcon",
  "Comet",
  "Maple",
  "Ibrahim S.",
  "Lily M.",
  "Arjun D.",
  "Grace O.",
  "Kacper W.",
  "Ruby L.",
  "Eshan B.",
  "Ayaan M.",
  "Bella C.",
  "Callum J.",
  "Daisy F.",
  "Ezra N.",
  "Freya A.",
  "Hamza T.",
  "Isla R.",
  "Jayden K.",
  "Kaya S.",
  "Luca B.",
  "Mia D.",
  "Nathan E.",
  "Orla G.",
  "Rohan V.",
  "Safa W.",
  "Theo L.",
  "Umar P.",
  "Willow H.",
  "Zayn O.",
];

const STAFF = [
  { name: "Rebecca Hall", role: "Head of Year 10" },
  { name: "Daniel Osei", role: "PSHE lead" },
  { name: "Harpreet Kaur", role: "Pastoral manager" },
  { name: "Mark Bennett", role: "Assistant headteacher" },
  { name: "Joanne Price", role: "Designated safeguarding lead" },
  { name: "Ahmed Patel", role: "Learning mentor" },
];
const STAFF_TRAINERS = ["Jordan Ellis, VRN MVP trainer", "Sara Lowe, VRN MVP trainer"];

/** How one school ran MVP in one academic year. */
type YearPlan = {
  staff: number;
  mentors?: number;
  /** How many mentors finished every required module; the rest got part-way. */
  trained?: number;
  /** Modules the not-yet-trained mentors have done (the first N). */
  partModules?: number;
  withdrawn?: number;
  /** Lessons per class, e.g. [5, 5, 3] is three classes. */
  classes?: number[];
  /** This year's lessons are led by last year's cohort (mentors trained in Year 10, leading in Year 11). */
  ledByLastYear?: boolean;
  yearGroups?: number[];
};

const CURRENT = 2026;

// Index into the demo schools (0 is URN 990001) → academic year → plan.
const PLANS: Record<number, Record<number, YearPlan>> = {
  0: {
    2022: { staff: 2, mentors: 10, trained: 10, classes: [5, 4] },
    2023: { staff: 2, mentors: 10, trained: 10, classes: [5, 5, 2] },
    2024: { staff: 1, mentors: 12, trained: 11, classes: [5, 5, 4] },
    2025: { staff: 2, mentors: 14, trained: 13, withdrawn: 1, partModules: 4, classes: [5, 5, 5, 3] },
    2026: { staff: 1, mentors: 12, trained: 4, partModules: 3, withdrawn: 1, classes: [2, 1, 1], ledByLastYear: true },
  },
  2: {
    2023: { staff: 2, mentors: 12, trained: 12, classes: [5, 5] },
    2024: { staff: 1, mentors: 12, trained: 12, classes: [5, 5, 5] },
    2025: { staff: 1, mentors: 15, trained: 14, partModules: 5, classes: [5, 5, 5, 4] },
    2026: { staff: 0, mentors: 14, trained: 14, classes: [2, 2, 1] },
  },
  4: {
    2024: { staff: 3, mentors: 10, trained: 9, partModules: 4, classes: [5, 3] },
    2025: { staff: 0, mentors: 12, trained: 12, classes: [5, 5, 5] },
    2026: { staff: 1, mentors: 12, trained: 12, classes: [3, 2] },
  },
  7: {
    2022: { staff: 2, mentors: 8, trained: 8, classes: [5] },
    2023: { staff: 1, mentors: 9, trained: 9, classes: [5, 5] },
    2025: { staff: 2, mentors: 11, trained: 10, partModules: 3, classes: [4, 4] },
    2026: { staff: 0, mentors: 10, trained: 6, partModules: 4, classes: [1, 1], ledByLastYear: true },
  },
  10: {
    2025: { staff: 2, mentors: 10, trained: 10, classes: [5, 5], yearGroups: [12] },
    2026: { staff: 1, mentors: 11, trained: 11, classes: [2, 2], yearGroups: [12] },
  },
  13: {
    2024: { staff: 2, mentors: 12, trained: 12, classes: [5, 5, 5] },
    2025: { staff: 1, mentors: 12, trained: 12, classes: [5, 5] },
    2026: { staff: 0, mentors: 13, trained: 0, partModules: 2 },
  },
  17: { 2025: { staff: 2 }, 2026: { staff: 1, mentors: 12, trained: 0, partModules: 1 } },
  23: { 2026: { staff: 2, mentors: 9, trained: 2, partModules: 3, yearGroups: [10, 11] } },
  26: { 2026: { staff: 3 } },
  31: { 2026: { staff: 2 } },
  38: { 2025: { staff: 1 }, 2026: { staff: 1 } },
  45: { 2022: { staff: 2, mentors: 9, trained: 9, classes: [5, 5] }, 2023: { staff: 0, mentors: 8, trained: 8, classes: [5, 4] } },
  52: { 2023: { staff: 2, mentors: 10, trained: 10, classes: [5, 5, 5] }, 2024: { staff: 1, mentors: 10, trained: 9, partModules: 5, classes: [5, 3] } },
};

const day = (iso: string) => londonDayStart(iso);
const pad = (n: number) => String(n).padStart(2, "0");

function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  // Lessons happen on school days: a weekend date moves to the Monday.
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) date.setUTCDate(date.getUTCDate() + (weekday === 6 ? 2 : 1));
  return date.toISOString().slice(0, 10);
}

/** Lesson dates spread through the year; in the current one, from October to mid-November (the demo's today is 21 November 2026). */
function lessonDate(year: number, n: number, total: number): Date {
  const span = year === CURRENT ? 45 : 250;
  return day(addDays(`${year}-10-05`, Math.floor((n * span) / Math.max(total, 1))));
}

export async function seedMvp(prisma: Prisma.TransactionClient, schools: readonly { id: string }[], now = new Date()) {
  await prisma.setting.create({ data: { key: RETENTION_SETTING_KEY, value: String(DEFAULT_RETENTION_YEARS) } });
  const modules = [];
  for (const [index, module] of MODULES.entries()) {
    modules.push(await prisma.trainingModule.create({ data: { ...module, position: index + 1 } }));
  }
  const required = modules.filter((m) => m.required);
  let nameCursor = 0;
  let mentorCount = 0;
  let lessonCount = 0;

  for (const [schoolIndex, years] of Object.entries(PLANS)) {
    const school = schools[Number(schoolIndex)];
    if (!school) continue;
    const cohortMentors = new Map<number, string[]>();
    for (const [yearText, plan] of Object.entries(years).sort(([a], [b]) => Number(a) - Number(b))) {
      const year = Number(yearText);
      for (let s = 0; s < plan.staff; s++) {
        const person = STAFF[(Number(schoolIndex) + year + s) % STAFF.length]!;
        await prisma.staffTraining.create({
          data: {
            schoolId: school.id,
            academicYear: year,
            ...person,
            trainedOn: day(`${year}-09-${pad(15 + s)}`),
            createdAt: recordedAfter(day(`${year}-09-${pad(15 + s)}`), now, 3),
            trainer: STAFF_TRAINERS[s % 2]!,
          },
        });
      }
      if (!plan.mentors) continue;

      // Names of cohorts past the retention period are shown already removed, except 2023/24's, left due.
      const namesRemoved = year <= CURRENT - 1 - DEFAULT_RETENTION_YEARS - 1;
      const yearGroups = plan.yearGroups ?? [10];
      const cohort = await prisma.mentorCohort.create({
        data: {
          schoolId: school.id,
          academicYear: year,
          yearGroups: yearGroups.join(","),
          trainingDates: "",
          trainers: `${STAFF[(Number(schoolIndex) + year) % STAFF.length]!.name} and ${STAFF[(Number(schoolIndex) + year + 1) % STAFF.length]!.name}`,
          namesRemovedAt: namesRemoved ? day(`${removalYear(year, DEFAULT_RETENTION_YEARS)}-09-01`) : null,
        },
      });
      // Two training days in late September, after the staff training and before the first lessons.
      const trainingDays = [0, 1].map((d) => `${year}-09-${pad(22 + (Number(schoolIndex) % 5) + d)}`);
      await prisma.mentorTrainingSession.createMany({
        data: trainingDays.map((held, d) => ({ cohortId: cohort.id, heldOn: day(held), note: `Day ${d + 1}` })),
      });
      const ids: string[] = [];
      for (let m = 0; m < plan.mentors; m++) {
        const trained = m < (plan.trained ?? 0);
        const done = trained ? required.concat(m % 3 === 0 ? modules.filter((x) => !x.required) : []) : modules.slice(0, plan.partModules ?? 0);
        const withdrawn = m >= plan.mentors - (plan.withdrawn ?? 0);
        const mentor = await prisma.mentor.create({
          data: {
            cohortId: cohort.id,
            displayName: namesRemoved ? neutralMentorLabel(m + 1) : MENTOR_NAMES[(nameCursor + m) % MENTOR_NAMES.length]!,
            yearGroup: yearGroups[m % yearGroups.length]!,
            gender: ["FEMALE", "MALE", "FEMALE", "MALE", "PREFER_NOT_TO_SAY", null, "OTHER"][m % 7] ?? null,
            withdrawnOn: withdrawn ? day(year === CURRENT ? `${year}-11-${pad(2 + (m % 10))}` : `${year + 1}-01-${pad(10 + (m % 15))}`) : null,
            completions: { create: done.map((module) => ({ moduleId: module.id, completedAt: day(trainingDays[1]!) })) },
          },
        });
        if (!withdrawn && (trained || year === CURRENT)) ids.push(mentor.id);
        mentorCount++;
      }
      nameCursor += plan.mentors;
      cohortMentors.set(year, ids);

      const leaders = plan.ledByLastYear ? (cohortMentors.get(year - 1) ?? ids) : ids;
      const classes = plan.classes ?? [];
      const total = classes.reduce((sum, n) => sum + n, 0);
      let n = 0;
      for (const [classIndex, lessons] of classes.entries()) {
        const className = `${8 + (classIndex % 2)}${"ABCDEFG"[classIndex]}`;
        for (let l = 0; l < lessons; l++, n++) {
          // One lesson at the demo school had only two mentors, to show the warning.
          const size = Number(schoolIndex) === 0 && year === CURRENT && n === 0 ? 2 : 3 + (n % 2);
          const chosen = Array.from({ length: Math.min(size, leaders.length) }, (_, k) => leaders[(n * 3 + k) % leaders.length]!);
          await prisma.mentorLesson.create({
            data: {
              schoolId: school.id,
              academicYear: year,
              deliveredOn: lessonDate(year, n, total),
              createdAt: recordedAfter(lessonDate(year, n, total), now, 1 + (n % 5)),
              className,
              classKey: classNameKey(className),
              yearGroup: 8 + (classIndex % 2),
              pupilsPresent: 24 + ((n * 5 + classIndex * 3 + l) % 8),
              topic: TOPICS[l % TOPICS.length]!,
              reflection: namesRemoved ? "" : REFLECTIONS[n % REFLECTIONS.length]!,
              leaders: { create: [...new Set(chosen)].map((mentorId) => ({ mentorId, schoolId: school.id, academicYear: year })) },
            },
          });
          lessonCount++;
        }
      }
    }
  }
  return { schools: Object.keys(PLANS).length, mentors: mentorCount, lessons: lessonCount };
}
