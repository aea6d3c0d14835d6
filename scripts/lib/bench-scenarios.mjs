// @ts-check
// The pages `npm run bench` and `npm run bench:profile` drive, the ids they need from the demo data, and
// the targets each kind of page is judged by. To add a scenario, add an entry to SCENARIOS.
import { randomBytes, randomInt } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { root, sessionCookieFor } from "./harness.mjs";

/** The reference scenario: the app's own page with no data. */
export const REFERENCE = "accessibility page";

/**
 * Targets from the service's performance budget (2 cores). `ratio`: requests per second at least this
 * share of the reference page's in the same run. `scaling`: 2-worker requests per second at least this
 * many times 1-worker's. Latencies in ms.
 */
export const TARGETS = {
  reference: {},
  static: {},
  public: {},
  staff: { ratio: 0.8, scaling: 1.5 },
  pupil: { p95: 300 },
  submission: { p95: 300, p99: 1000 },
};
/** Resident memory each worker must stay under through the whole bench, in bytes. */
export const WORKER_MEMORY_BUDGET = 256 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------
// THE SCENARIOS. `request(ctx)` returns what autocannon sends (method, path, headers, body); ctx has
// cookies per demo user and ids looked up in `lookup`. `kind` picks the target. To add one, add an entry.
// `expect` lists the statuses that count as success (default 200); `paths` sends requests to each in turn.
// ---------------------------------------------------------------------------------------------------
/**
 * @typedef {{ baseUrl: string, cookies: Record<"teacher" | "lead" | "mvp", string>, ids: ReturnType<typeof lookup> & { asset: string } }} Context
 * @typedef {{ method: string, path?: string, paths?: string[], headers?: Record<string, string>, body?: string }} ScenarioRequest
 * @typedef {{ name: string, kind: keyof typeof TARGETS, connections: number, expect?: number[], request: (ctx: Context) => ScenarioRequest }} Scenario
 */
/** @type {Scenario[]} */
export const SCENARIOS = [
  { name: REFERENCE, kind: "reference", connections: 10, request: () => ({ method: "GET", path: "/accessibility" }) },
  { name: "static asset", kind: "static", connections: 10, request: (ctx) => ({ method: "GET", path: ctx.ids.asset }) },
  { name: "sign-in page", kind: "public", connections: 10, request: () => ({ method: "GET", path: "/sign-in" }) },
  { name: "teacher's home", kind: "staff", connections: 10, request: (ctx) => ({ method: "GET", path: "/", headers: { cookie: ctx.cookies.teacher } }) },
  {
    name: "deliveries list",
    kind: "staff",
    connections: 10,
    request: (ctx) => ({ method: "GET", path: "/sessions", headers: { cookie: ctx.cookies.teacher } }),
  },
  {
    name: "booking page",
    kind: "staff",
    connections: 10,
    request: (ctx) => ({ method: "GET", path: `/sessions/deliveries/${ctx.ids.bookableDelivery}/book`, headers: { cookie: ctx.cookies.teacher } }),
  },
  { name: "lead's home", kind: "staff", connections: 10, request: (ctx) => ({ method: "GET", path: "/", headers: { cookie: ctx.cookies.lead } }) },
  { name: "MVP lead's page", kind: "staff", connections: 10, request: (ctx) => ({ method: "GET", path: "/mvp", headers: { cookie: ctx.cookies.mvp } }) },
  { name: "reach dashboard", kind: "staff", connections: 10, request: (ctx) => ({ method: "GET", path: "/reach", headers: { cookie: ctx.cookies.lead } }) },
  { name: "pupil survey page", kind: "pupil", connections: 10, request: (ctx) => ({ method: "GET", path: `/s/${ctx.ids.surveyCodes[0]}` }) },
  {
    // Each answer comes from a new browser (no cookie), as from a class of phones. The answers go to 40
    // surveys in turn, as when many classes answer at once: one survey takes 300 answers a minute.
    name: "survey submission",
    kind: "submission",
    connections: 60,
    expect: [302],
    request: (ctx) => ({
      method: "POST",
      paths: ctx.ids.surveyCodes.map((code) => `/s/${code}`),
      // The page's own Origin, as a browser sends it: the server refuses a POST without one (CSRF).
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ctx.baseUrl },
      body: ctx.ids.surveyAnswers,
    }),
  },
];

/**
 * Ids the scenarios need, read from the demo data before the server starts.
 * @param {import("better-sqlite3").Database} db
 */
function lookup(db) {
  const row = /** @type {{ id: string } | undefined} */ (
    db
      .prepare(
        `SELECT d.id FROM Delivery d WHERE d.status = 'SCHEDULED' AND d.bookingClosesAt > ? AND NOT EXISTS
         (SELECT 1 FROM Booking b JOIN User u ON u.schoolId = b.schoolId WHERE b.deliveryId = d.id AND u.email = 'teacher@example.org')
       ORDER BY d.startsAt LIMIT 1`,
      )
      .get(new Date().toISOString())
  );
  const bookableDelivery = row?.id;
  if (!bookableDelivery) throw new Error("The demo data has no session the demo teacher can book");
  return { bookableDelivery, ...openSurveys(db) };
}

/**
 * Forty open surveys at the demo school, and a full set of answers to their questions.
 * @param {import("better-sqlite3").Database} db
 */
function openSurveys(db) {
  const template = /** @type {{ id: string, phase: string, context: string }} */ (
    db.prepare("SELECT id, phase, context FROM SurveyTemplate WHERE family = 'knife-crime-before' AND status = 'PUBLISHED' ORDER BY version DESC LIMIT 1").get()
  );
  const { schoolId } = /** @type {{ schoolId: string }} */ (db.prepare("SELECT schoolId FROM User WHERE email = 'teacher@example.org'").get());
  const now = new Date();
  const year = now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  const surveyCodes = Array.from({ length: 40 }, () => {
    const code = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
    db.prepare(
      "INSERT INTO SurveyRun (id, code, templateId, schoolId, phase, context, academicYear, responseCount, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)",
    ).run(`bench${randomBytes(8).toString("hex")}`, code, template.id, schoolId, template.phase, template.context, year, now.toISOString());
    return code;
  });
  const questions = /** @type {{ id: string, type: string }[]} */ (
    db.prepare("SELECT id, type FROM SurveyQuestion WHERE templateId = ? AND type <> 'FREE_TEXT' ORDER BY position").all(template.id)
  );
  const answers = new URLSearchParams(questions.map((q) => [`q-${q.id}`, q.type === "AGREEMENT" ? "4" : "1"]));
  answers.set("page", "99");
  return { surveyCodes, surveyAnswers: answers.toString() };
}

/** The survey code alphabet (app/lib/survey-code.ts): no 0, O, 1, I or L. */
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/**
 * What the scenarios need from a copy of the demo data at `databaseFile`, before the server starts on
 * it: a signed-in cookie for each demo user, the ids `lookup` reads (it adds 40 open surveys to the copy),
 * and the path of the build's stylesheet in `buildDirectory` (the static asset). Throws when the demo
 * data or the build lacks one of them.
 * @param {string} databaseFile
 * @param {string} buildDirectory
 * @returns {Omit<Context, "baseUrl">}
 */
export function scenarioData(databaseFile, buildDirectory) {
  const assetsDirectory = path.join(root, buildDirectory, "client/assets");
  const stylesheet = fs.readdirSync(assetsDirectory).find((file) => /^app-.*\.css$/.test(file));
  if (!stylesheet) throw new Error(`No app stylesheet in ${assetsDirectory}`);
  const db = new Database(databaseFile);
  try {
    return {
      ids: { ...lookup(db), asset: `/assets/${stylesheet}` },
      cookies: {
        teacher: sessionCookieFor(databaseFile, "teacher@example.org"),
        lead: sessionCookieFor(databaseFile, "lead@example.org"),
        mvp: sessionCookieFor(databaseFile, "mvp@example.org"),
      },
    };
  } finally {
    db.close();
  }
}
