/**
 * A national-scale database for measuring reach: 3,500 schools in 40 localities across 140 local
 * authorities, five academic years (2022/23 to 2026/27, the current one up to 20 November), over
 * 100,000 bookings with attendance returns, over 100,000 mentor-led lessons and over 1,000,000 survey
 * answers. Deterministic: the same file every time.
 *
 *   npm run scale:generate                 # writes tests/.data/national.db
 *   npm run scale:generate -- other.db     # or another path
 *   npm run scale:generate -- postgresql://user@host/national   # then moves it into that empty database
 *
 * The file is migrated with the app's migrations, then filled straight through better-sqlite3 with
 * prepared statements in large transactions (the app's own code would take far longer).
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { fromLondonWallTime } from "../app/lib/london-time";
import { responsesCounted } from "../app/models/disclosure";
import { classNameKey } from "../app/models/mvp-reach-rules";
import { makeDirectory } from "./lib/directories.mjs";
import { migrationFill, SQLITE_MIGRATIONS } from "./lib/engines.mjs";
import { moveToPostgresql } from "./lib/move-to-postgresql.mjs";

// A PostgreSQL address instead of a path: the file is written as always, then moved into that database.
const postgresqlTarget = /^postgres(ql)?:\/\//.test(process.argv[2] ?? "") ? process.argv[2] : undefined;
const file = path.resolve((!postgresqlTarget && process.argv[2]) || "tests/.data/national.db");
const YEARS = [2022, 2023, 2024, 2025, 2026];
const CURRENT = 2026;
/** The current year is generated up to the day before the demo's "today", 21 November 2026. */
const CURRENT_YEAR_END = Date.UTC(2026, 10, 20);
const SCHOOLS = 3500;
const LOCALITIES = 40;
const AUTHORITIES_PER_LOCALITY = 3.5;

const started = Date.now();
const log = (message: string) => console.log(`${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  ${message}`);

/** A small deterministic random generator (a 32-bit LCG), so every run writes the same data. */
let state = 20261121;
function random() {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 2 ** 32;
}
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

let idCounter = 0;
/** Short unique ids; the app never reads meaning into an id. */
const id = (prefix: string) => `${prefix}${(idCounter++).toString(36)}`;
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

function londonInstant(ms: number, time: string) {
  const date = new Date(ms).toISOString().slice(0, 10);
  return fromLondonWallTime(date, time)!.getTime();
}

/** A school day (Monday to Friday) in the academic year, before `end`. */
function schoolDayIn(year: number, end = Date.UTC(year + 1, 6, 20)) {
  const start = Date.UTC(year, 8, 3);
  for (;;) {
    const day = start + Math.floor(random() * ((end - start) / 86_400_000)) * 86_400_000;
    const weekday = new Date(day).getUTCDay();
    if (weekday !== 0 && weekday !== 6) return day;
  }
}

// --- a fresh, migrated file ---------------------------------------------------------------------
makeDirectory(path.dirname(file));
for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(`${file}${suffix}`, { force: true });
execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${file}` }, stdio: "ignore" });
log(`migrated ${path.relative(process.cwd(), file)}`);

const db = new Database(file);
db.pragma("journal_mode = OFF");
db.pragma("synchronous = OFF");
db.pragma("foreign_keys = OFF");

const insert = (table: string, columns: string[]) =>
  db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);

const NOW_MS = Date.UTC(2026, 10, 21, 9);
const now = iso(NOW_MS);
/** When a record of `moment` was entered: `days` later, or now if that is still to come. */
const recordedAfter = (moment: number, days: number) => iso(Math.min(moment + days * 86_400_000, NOW_MS));

// --- people and places --------------------------------------------------------------------------
// Mostly secondaries, with special schools, PRUs and all-through schools among them.
const TYPES = ["SECONDARY", "SECONDARY", "SECONDARY", "SECONDARY", "SECONDARY", "SECONDARY", "SECONDARY", "SPECIAL", "PRU_AP", "ALL_THROUGH"];
type School = { id: string; roll: number; mvp: boolean; engagement: number };
const schools: School[] = [];
const topics: { id: string; minutes: number }[] = [];

db.transaction(() => {
  const locality = insert("Locality", ["id", "name", "localAuthority", "createdAt"]);
  const school = insert("School", [
    "id",
    "urn",
    "name",
    "localAuthority",
    "localityId",
    "type",
    "numberOnRoll",
    "postcode",
    "status",
    "createdAt",
    "updatedAt",
  ]);
  const localities: { id: string; authorities: string[] }[] = [];
  let authority = 0;
  for (let l = 0; l < LOCALITIES; l++) {
    const count = Math.floor((l + 1) * AUTHORITIES_PER_LOCALITY) - Math.floor(l * AUTHORITIES_PER_LOCALITY);
    const authorities = Array.from({ length: count }, () => `Authority ${String(++authority).padStart(3, "0")}`);
    const row = { id: id("loc"), authorities };
    locality.run(row.id, `Locality ${String(l + 1).padStart(2, "0")}`, authorities[0], now);
    localities.push(row);
  }
  for (let s = 0; s < SCHOOLS; s++) {
    const place = localities[Math.floor(Math.pow(random(), 1.3) * LOCALITIES)]!;
    const type = pick(TYPES);
    const roll = type === "SPECIAL" ? between(60, 250) : type === "PRU_AP" ? between(30, 120) : between(400, 1900);
    const row: School = { id: id("sch"), roll, mvp: random() < 0.3, engagement: random() };
    school.run(
      row.id,
      String(100000 + s),
      `National School ${s + 1}`,
      pick(place.authorities),
      place.id,
      type,
      roll,
      null,
      random() < 0.02 ? "CLOSED" : "OPEN",
      now,
      now,
    );
    schools.push(row);
  }
  const topic = insert("Topic", ["id", "title", "description", "yearGroups", "durationMinutes", "formats", "createdAt", "updatedAt"]);
  for (const [i, title] of [
    "Knife-crime awareness",
    "County lines",
    "Substance misuse",
    "Healthy relationships",
    "Online harms",
    "Gangs and exploitation",
    "Bystander intervention",
    "Staying safe online",
  ].entries()) {
    const row = { id: id("top"), minutes: 45 + (i % 3) * 15 };
    topic.run(row.id, title, "", "7,8,9,10,11", row.minutes, "IN_SCHOOL,ONLINE", now, now);
    topics.push(row);
  }
  insert("User", ["id", "email", "name", "passwordHash", "role", "schoolId", "active", "createdAt", "updatedAt"]).run(
    id("usr"),
    "lead@example.org",
    "National Lead",
    "not-a-password-hash",
    "VRN_LEAD",
    null,
    1,
    now,
    now,
  );
})();
log(`${SCHOOLS} schools in ${LOCALITIES} localities`);

// --- sessions: deliveries, bookings, attendance returns -----------------------------------------
const totals = { deliveries: 0, bookings: 0, returns: 0, lessons: 0, mentors: 0, answers: 0, responses: 0 };
const deliveredBookings: { id: string; schoolId: string; year: number }[] = [];
{
  const delivery = insert("Delivery", [
    "id",
    "topicId",
    "startsAt",
    "endsAt",
    "format",
    "facilitatorName",
    "facilitatorOrg",
    "capacity",
    "needsConfirmation",
    "bookingClosesAt",
    "status",
    "createdAt",
    "updatedAt",
  ]);
  const booking = insert("Booking", [
    "id",
    "deliveryId",
    "schoolId",
    "status",
    "yearGroups",
    "expectedPupils",
    "contactName",
    "contactPhone",
    "createdAt",
    "updatedAt",
  ]);
  const attendance = insert("AttendanceReturn", ["id", "bookingId", "staffPresent", "recordedAt", "updatedAt"]);
  const count = insert("AttendanceCount", ["returnId", "yearGroup", "pupils"]);
  for (const year of YEARS) {
    const share = year === CURRENT ? 0.27 : 1;
    const end = year === CURRENT ? CURRENT_YEAR_END : undefined;
    db.transaction(() => {
      const addBooking = (deliveryId: string, startsAt: number, school: School, status: string) => {
        const groups = [7, 8, 9, 10, 11].filter(() => random() < 0.35);
        if (groups.length === 0) groups.push(between(7, 11));
        const bookingId = id("bk");
        const bookingStatus = status === "SCHEDULED" ? (random() < 0.03 ? "CANCELLED" : "DELIVERED") : status === "CANCELLED" ? "CANCELLED" : "NOT_DELIVERED";
        booking.run(
          bookingId,
          deliveryId,
          school.id,
          bookingStatus,
          groups.join(","),
          Math.min(school.roll, groups.length * 120),
          "Head of Year",
          "0116 496 0000",
          now,
          now,
        );
        totals.bookings++;
        if (bookingStatus === "DELIVERED") {
          const returnId = id("ar");
          // Recorded on the day or up to a fortnight after the session, and never after "now" (decision 0137).
          const recordedAt = recordedAfter(startsAt + 3_600_000, totals.returns % 15);
          attendance.run(returnId, bookingId, 2, recordedAt, recordedAt);
          // One year group in fifty is a small group (1 to 4 pupils), so the small-number checks have parts to find.
          for (const group of groups)
            count.run(returnId, group, random() < 0.02 ? between(1, 4) : Math.max(1, Math.min(Math.floor(school.roll / 6), between(20, 180))));
          totals.returns++;
          deliveredBookings.push({ id: bookingId, schoolId: school.id, year });
        }
      };
      // Visits to one school each, and online workshops joined by many.
      const visits = Math.round(16_000 * share);
      const workshops = Math.round(1_200 * share);
      for (let n = 0; n < visits + workshops; n++) {
        const online = n >= visits;
        const topic = pick(topics);
        const day = schoolDayIn(year, end);
        const startsAt = londonInstant(day, online ? "13:30" : pick(["09:15", "10:00", "11:30", "14:00"]));
        const status = random() < 0.04 ? "CANCELLED" : random() < 0.02 ? "NOT_DELIVERED" : "SCHEDULED";
        const deliveryId = id("dl");
        delivery.run(
          deliveryId,
          topic.id,
          iso(startsAt),
          iso(startsAt + topic.minutes * 60_000),
          online ? "ONLINE" : "IN_SCHOOL",
          "Facilitator",
          "Police",
          online ? 20 : 1,
          online ? 0 : 1,
          iso(startsAt - 2 * 86_400_000),
          status,
          now,
          now,
        );
        totals.deliveries++;
        if (online) {
          const joined = new Set<School>();
          const size = between(5, 14);
          while (joined.size < size) joined.add(schools[Math.floor(random() * schools.length)]!);
          for (const school of joined) addBooking(deliveryId, startsAt, school, status);
        } else {
          // Engaged schools book more often; about one school in six books nothing in a year.
          let school = pick(schools);
          while (school.engagement < 0.17) school = pick(schools);
          addBooking(deliveryId, startsAt, school, status);
        }
      }
    })();
    log(`sessions ${year}/${String((year + 1) % 100).padStart(2, "0")}: ${totals.bookings} bookings so far`);
  }
}

// --- MVP: staff, cohorts, mentors, training, lessons --------------------------------------------
{
  const modules = Array.from({ length: 8 }, (_, i) => ({ id: id("mod"), required: i < 6 }));
  const moduleRow = insert("TrainingModule", ["id", "title", "description", "required", "position", "active"]);
  const staff = insert("StaffTraining", ["id", "schoolId", "academicYear", "name", "role", "trainedOn", "trainer", "createdAt"]);
  const cohort = insert("MentorCohort", ["id", "schoolId", "academicYear", "yearGroups", "trainingDates", "trainers", "createdAt"]);
  const mentor = insert("Mentor", ["id", "cohortId", "displayName", "yearGroup", "gender", "createdAt"]);
  const completion = insert("ModuleCompletion", ["mentorId", "moduleId", "completedAt"]);
  const lesson = insert("MentorLesson", [
    "id",
    "schoolId",
    "academicYear",
    "deliveredOn",
    "className",
    "classKey",
    "yearGroup",
    "pupilsPresent",
    "topic",
    "reflection",
    "createdAt",
  ]);
  const leader = insert("MentorLessonLeader", ["lessonId", "mentorId", "schoolId", "academicYear"]);
  db.transaction(() => modules.forEach((m, i) => moduleRow.run(m.id, `Module ${i + 1}`, "", m.required ? 1 : 0, i + 1, 1)))();
  for (const year of YEARS) {
    db.transaction(() => {
      for (const school of schools) {
        if (!school.mvp || random() < 0.1) continue;
        for (let s = between(1, 2); s > 0; s--)
          staff.run(id("st"), school.id, year, "Staff Member", "PSHE lead", iso(Date.UTC(year, 8, 20)), "VRN trainer", recordedAfter(Date.UTC(year, 8, 20), 3));
        const cohortId = id("co");
        cohort.run(cohortId, school.id, year, "10", "October", "VRN trainers", now);
        const mentors: string[] = [];
        for (let m = between(8, 14); m > 0; m--) {
          const mentorId = id("mn");
          mentor.run(mentorId, cohortId, `Mentor ${m}`, 10, null, now);
          const done = random() < 0.8 ? modules.length : between(1, 5);
          for (const module of modules.slice(0, done)) completion.run(mentorId, module.id, iso(Date.UTC(year, 9, 15)));
          mentors.push(mentorId);
          totals.mentors++;
        }
        const classes = year === CURRENT ? between(2, 4) : between(4, 6);
        for (let c = 0; c < classes; c++) {
          const lessons = year === CURRENT ? between(1, 2) : between(4, 6);
          for (let l = 0; l < lessons; l++) {
            const lessonId = id("ls");
            const day = schoolDayIn(year, year === CURRENT ? CURRENT_YEAR_END : undefined);
            const className = `${8 + (c % 2)}${"ABCDEF"[c]}`;
            lesson.run(
              lessonId,
              school.id,
              year,
              iso(londonInstant(day, "00:00")),
              className,
              classNameKey(className),
              8 + (c % 2),
              // One lesson in a hundred had 1 to 4 pupils present.
              random() < 0.01 ? between(1, 4) : between(18, 31),
              "Bystanders",
              "",
              recordedAfter(londonInstant(day, "16:00"), totals.lessons % 6),
            );
            for (let k = 0; k < 3; k++) leader.run(lessonId, mentors[(l * 3 + k) % mentors.length]!, school.id, year);
            totals.lessons++;
          }
        }
      }
    })();
    log(`MVP ${year}: ${totals.lessons} lessons so far`);
  }
}

// --- surveys: before and after sessions ----------------------------------------------------------
{
  const template = insert("SurveyTemplate", ["id", "family", "version", "title", "intro", "context", "phase", "status", "createdAt"]);
  const question = insert("SurveyQuestion", ["id", "templateId", "position", "type", "prompt", "required", "reverseScored", "options", "coreKey"]);
  const run = insert("SurveyRun", ["id", "code", "templateId", "schoolId", "bookingId", "phase", "context", "academicYear", "responseCount", "createdAt"]);
  const response = insert("SurveyResponse", ["id", "runId", "submittedOn", "browserTokenHash", "inResults"]);
  // Every question is answered by every pupil, so each question counts the same whole steps of ten as its run.
  const answer = insert("SurveyAnswer", ["id", "responseId", "questionId", "runId", "value", "inResults"]);
  const CORE = [
    { key: "law", prompt: "Carrying a knife is against the law, whatever the reason", reverse: false, before: 0.6, after: 0.85 },
    { key: "knife-safer", prompt: "Carrying a knife makes you safer", reverse: true, before: 0.3, after: 0.15 },
    { key: "where-help", prompt: "I know where to get help if I am worried about knife crime", reverse: false, before: 0.5, after: 0.8 },
    { key: "tell-adult", prompt: "I would tell a trusted adult if a friend carried a knife", reverse: false, before: 0.55, after: 0.7 },
  ];
  const templates = (["BEFORE", "AFTER"] as const).map((phase) => {
    const templateId = id("tpl");
    template.run(templateId, `knife-crime-${phase.toLowerCase()}`, 1, `Knife crime: ${phase.toLowerCase()}`, "", "BOOKING", phase, "PUBLISHED", now);
    const questions = CORE.map((core, i) => {
      const questionId = id("q");
      question.run(questionId, templateId, i + 1, "AGREEMENT", core.prompt, 1, core.reverse ? 1 : 0, "[]", core.key);
      return { id: questionId, agreeShare: phase === "BEFORE" ? core.before : core.after };
    });
    const extra = id("q");
    question.run(extra, templateId, CORE.length + 1, "YES_NO", "Have you had a session like this before?", 1, 0, "[]", null);
    return { id: templateId, phase, questions, extra };
  });
  let code = 0;
  db.transaction(() => {
    // Before and after runs around about one session in twenty: some 9,500 runs, most of 8 to 40 pupils.
    for (const booked of deliveredBookings) {
      if (random() > 0.045) continue;
      for (const t of templates) {
        const runId = id("run");
        // One run in twenty closed with 1 to 4 responses.
        const count = random() < 0.05 ? between(1, 4) : between(8, 40);
        run.run(runId, `N${(code++).toString(36).toUpperCase()}`, t.id, booked.schoolId, booked.id, t.phase, "BOOKING", booked.year, count, now);
        for (let r = 0; r < count; r++) {
          const responseId = randomUUID();
          const inResults = r < responsesCounted(count) ? 1 : 0;
          response.run(responseId, runId, now.slice(0, 10) + "T00:00:00.000+00:00", `${runId}-${r}`, inResults);
          totals.responses++;
          for (const q of t.questions) {
            const value = random() < 0.06 ? 0 : random() < q.agreeShare ? between(4, 5) : between(1, 3);
            answer.run(randomUUID(), responseId, q.id, runId, value, inResults);
            totals.answers++;
          }
          answer.run(randomUUID(), responseId, t.extra, runId, random() < 0.4 ? 1 : 0, inResults);
          totals.answers++;
        }
      }
    }
  })();
  log(`surveys: ${totals.responses} responses, ${totals.answers} answers`);
}

// The running tallies, counted from the rows just written by the SQL each migration that made or widened them
// runs on existing data (the app keeps them in step afterwards: app/models/tallies.server.ts). The migrations ran
// on the empty file, so each fill runs here, in the order the migrations did.
{
  const fill = (name: string, marker: string) => db.exec(migrationFill(SQLITE_MIGRATIONS, name, marker));
  fill("_running_tallies", "-- Fill the tallies");
  fill("_mentor_trained_at", "-- Fill the tally");
  fill("_core_item_tally", "-- Fill the tally");
  fill("_delivery_locality_tally", "-- Fill the tally");
  fill("_delivery_locality_tally_knows_when_returns_came", "-- Fill the new columns");
  log("running tallies counted");
}

db.pragma("journal_mode = WAL");
db.exec("ANALYZE");
db.close();
log(
  `done: ${totals.deliveries} deliveries, ${totals.bookings} bookings (${totals.returns} with attendance returns), ` +
    `${totals.mentors} mentors, ${totals.lessons} mentor-led lessons, ${totals.responses} survey responses, ${totals.answers} answers`,
);
if (postgresqlTarget) {
  await moveToPostgresql({ from: `file:${file}`, to: postgresqlTarget, log });
  log(`moved into ${postgresqlTarget.replace(/\/\/[^@/]*@/, "//")}`);
}
