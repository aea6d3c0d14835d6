import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { openDatabase } from "../support/auth";

/**
 * Shared by the sweeps over every route: the route manifest the running server sends to browsers,
 * the people who ask, and the real records whose ids fill each route's parameters.
 */

export type ManifestRoute = { id: string; path?: string; parentId?: string; index?: boolean; hasLoader: boolean; hasAction: boolean };

/** Every route the running app has, read from the manifest it serves, with its full path pattern. */
export async function routeManifest(request: APIRequestContext): Promise<(ManifestRoute & { pattern: string })[]> {
  const html = await (await request.get("/accessibility")).text();
  const manifestUrl = /\/assets\/manifest-[\w-]+\.js/.exec(html)?.[0];
  if (!manifestUrl) throw new Error("The page links no route manifest");
  const source = await (await request.get(manifestUrl)).text();
  const json = source.slice(source.indexOf("{"), source.lastIndexOf("}") + 1);
  const routes = (JSON.parse(json) as { routes: Record<string, ManifestRoute> }).routes;
  const patternOf = (route: ManifestRoute): string => {
    const parent = route.parentId ? routes[route.parentId] : undefined;
    const own = route.path ?? "";
    const before = parent ? patternOf(parent) : "";
    return [before, own].filter(Boolean).join("/");
  };
  return Object.values(routes)
    .filter((route) => route.id !== "root")
    .map((route) => ({ ...route, pattern: `/${patternOf(route)}` }));
}

const PEOPLE = {
  anonymous: null,
  teacherA: "teacher@example.org",
  teacherB: "teacher2@example.org",
  mvpA: "mvp@example.org",
  lead: "lead@example.org",
} as const;
export type Person = keyof typeof PEOPLE;
export const EVERYONE = Object.keys(PEOPLE) as Person[];

/** A fresh signed-in session for a person, as the server makes one: the cookie holds the token, the row its hash. */
function sessionCookie(email: string): string {
  const db = openDatabase();
  try {
    const user = db.prepare("SELECT id FROM User WHERE email = ?").get(email) as { id: string };
    const token = randomBytes(20).toString("hex");
    const id = createHash("sha256").update(token).digest("hex");
    // Thirty days, like a new sign-in, so the server has no reason to renew it (and write) while it is used.
    const expiresAt = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString();
    db.prepare("INSERT INTO Session (id, userId, expiresAt) VALUES (?, ?, ?)").run(id, user.id, expiresAt);
    db.prepare("UPDATE User SET active = 1 WHERE id = ?").run(user.id);
    return `vrn_session=${token}`;
  } finally {
    db.close();
  }
}

/**
 * A request context for one person, never following redirects, sending what a same-origin form would;
 * with `fromOwnPage: false`, neither Origin nor Sec-Fetch-Site, as only a hand-made request would.
 */
export async function contextFor(person: Person, baseURL: string, { fromOwnPage = true } = {}) {
  return playwrightRequest.newContext({ baseURL, maxRedirects: 0, extraHTTPHeaders: headersFor(person, baseURL, { fromOwnPage }) });
}

/**
 * The headers a person's browser sends from one of the service's pages: a fresh session's cookie (none for
 * the anonymous), Origin and Sec-Fetch-Site; with `fromOwnPage: false`, the cookie alone.
 */
export function headersFor(person: Person, baseURL: string, { fromOwnPage = true } = {}): Record<string, string> {
  const email = PEOPLE[person];
  return {
    ...(email ? { Cookie: sessionCookie(email) } : {}),
    ...(fromOwnPage ? { Origin: baseURL, "Sec-Fetch-Site": "same-origin" } : {}),
  };
}

/**
 * Posts a form's fields to `path` with `headers` (from `headersFor`, made beforehand: making them writes a
 * session, which a caller watching for commits must not count), never following a redirect. Through
 * Node's fetch rather than a Playwright request context: the sweeps send thousands, one by one. Resolves
 * once the whole answer has arrived, to its status and body.
 */
export async function postForm(baseURL: string, path: string, fields: [string, string][], headers: Record<string, string>) {
  const response = await fetch(new URL(path, baseURL), {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: await response.text() };
}

/** Real records belonging to school A (URN 990001) and to no other school, and shared records. */
export function recordIds() {
  const db = openDatabase();
  const one = (sql: string, ...args: unknown[]) => {
    const row = db.prepare(sql).get(...args) as Record<string, string | number> | undefined;
    if (!row) throw new Error(`No record for: ${sql}`);
    return String(Object.values(row)[0]);
  };
  try {
    const schoolA = one("SELECT id FROM School WHERE urn = '990001'");
    const schoolB = one("SELECT id FROM School WHERE urn = '990002'");
    const page = db
      .prepare(
        "SELECT p.id, p.slug, s.slug AS sectionSlug FROM GuidePage p JOIN GuideSection s ON s.id = p.sectionId WHERE p.publishedRevisionId IS NOT NULL LIMIT 1",
      )
      .get() as {
      id: string;
      slug: string;
      sectionSlug: string;
    };
    return {
      schoolA,
      schoolAName: one("SELECT name FROM School WHERE id = ?", schoolA),
      schoolB,
      bookingA: one("SELECT id FROM Booking WHERE schoolId = ? ORDER BY createdAt LIMIT 1", schoolA),
      deliveryId: one("SELECT id FROM Delivery WHERE status = 'SCHEDULED' ORDER BY startsAt DESC LIMIT 1"),
      topicId: one("SELECT id FROM Topic LIMIT 1"),
      cohortA: one("SELECT id FROM MentorCohort WHERE schoolId = ? LIMIT 1", schoolA),
      mentorA: one("SELECT m.id FROM Mentor m JOIN MentorCohort c ON c.id = m.cohortId WHERE c.schoolId = ? LIMIT 1", schoolA),
      lessonA: one("SELECT id FROM MentorLesson WHERE schoolId = ? LIMIT 1", schoolA),
      staffA: one("SELECT id FROM StaffTraining WHERE schoolId = ? LIMIT 1", schoolA),
      moduleId: one("SELECT id FROM TrainingModule LIMIT 1"),
      localityId: one("SELECT id FROM Locality LIMIT 1"),
      userA: one("SELECT id FROM User WHERE email = 'teacher@example.org'"),
      messageId: ensureOutboxMessage(db),
      runA: one("SELECT id FROM SurveyRun WHERE schoolId = ? AND context = 'BOOKING' ORDER BY createdAt LIMIT 1", schoolA),
      openCode: one(
        "SELECT code FROM SurveyRun WHERE closedAt IS NULL AND (closesOn IS NULL OR closesOn > ?) ORDER BY createdAt LIMIT 1",
        new Date().toISOString(),
      ),
      ...ensureDraftTemplate(db),
      pageId: page.id,
      pageSlug: page.slug,
      sectionSlug: page.sectionSlug,
      sectionId: one("SELECT sectionId FROM GuidePage WHERE id = ?", page.id),
    };
  } finally {
    db.close();
  }
}
export type RecordIds = ReturnType<typeof recordIds>;

/** A staged GIAS import, made the way the lead makes one: by uploading the sample file. */
export async function stageSchoolImport(lead: APIRequestContext): Promise<string> {
  const response = await lead.post("/schools/import", {
    multipart: {
      file: { name: "gias-llr-sample.csv", mimeType: "text/csv", buffer: fs.readFileSync("tests/fixtures/gias-llr-sample.csv") },
    },
  });
  const importId = /\/schools\/import\/(\w+)$/.exec(response.headers().location ?? "")?.[1];
  if (!importId) throw new Error(`Staging an import answered ${response.status()}`);
  return importId;
}

/** Only a draft survey template can be edited, and the demo has none, so one is made here. */
function ensureDraftTemplate(db: ReturnType<typeof openDatabase>): { templateId: string; questionId: string } {
  const found = db
    .prepare(
      "SELECT t.id AS templateId, q.id AS questionId FROM SurveyTemplate t JOIN SurveyQuestion q ON q.templateId = t.id WHERE t.status = 'DRAFT' LIMIT 1",
    )
    .get() as { templateId: string; questionId: string } | undefined;
  if (found) return found;
  const templateId = `sweep${randomBytes(6).toString("hex")}`;
  const questionId = `sweep${randomBytes(6).toString("hex")}`;
  db.prepare(
    "INSERT INTO SurveyTemplate (id, family, version, title, context, phase, status) VALUES (?, ?, 1, 'Sweep draft', 'BOOKING', 'BEFORE', 'DRAFT')",
  ).run(templateId, templateId);
  db.prepare("INSERT INTO SurveyQuestion (id, templateId, position, type, prompt) VALUES (?, ?, 1, 'AGREEMENT', 'I know where to get help')").run(
    questionId,
    templateId,
  );
  return { templateId, questionId };
}

function ensureOutboxMessage(db: ReturnType<typeof openDatabase>): string {
  const found = db.prepare("SELECT id FROM OutboxMessage LIMIT 1").get() as { id: string } | undefined;
  if (found) return found.id;
  const id = `sweep${randomBytes(6).toString("hex")}`;
  db.prepare("INSERT INTO OutboxMessage (id, \"to\", subject, text) VALUES (?, 'someone@example.org', 'Sweep', 'Sweep')").run(id);
  return id;
}
