import type { Person, RecordIds } from "./routes";

/**
 * Who may open what: every route the app has, as every kind of person, for GET and for its action.
 * The routes come from the manifest the server sends, so a new route without a line here fails.
 *
 * Outcomes: 200, 404 and 403 are statuses; "sign-in" is a redirect to the sign-in page; "redirect" is
 * any other redirect; "allowed" (actions only) is anything a permitted person may get back from a form
 * posted with nothing in it: a 200, a 400 with messages, or a redirect that is not to sign in.
 * School A is Kestrelmere Academy (teacher A, MVP lead A); teacher B is at another school. Records in
 * the paths belong to school A, so teacher B must never get a 200 for them, nor see school A's name anywhere.
 */
export type Outcome = 200 | 403 | 404 | "sign-in" | "redirect" | "allowed";
type Row = Record<Person, Outcome>;
export type Expectation = { path?: (ids: RecordIds & { importId: string }) => string; get?: Row; post?: Row };

const row = (anonymous: Outcome, teacherA: Outcome, teacherB: Outcome, mvpA: Outcome, lead: Outcome): Row => ({ anonymous, teacherA, teacherB, mvpA, lead });

const PUBLIC = row(200, 200, 200, 200, 200);
const SIGNED_IN = row("sign-in", 200, 200, 200, 200);
const LEAD = row("sign-in", 403, 403, 403, 200);
const LEAD_ACTION = row("sign-in", 403, 403, 403, "allowed");
const SCHOOL_STAFF = row("sign-in", 200, 200, 200, 403);
const SCHOOL_STAFF_ACTION = row("sign-in", "allowed", "allowed", "allowed", 403);
/** A record of school A: its staff and the lead, nobody else. */
const SCHOOL_A = row("sign-in", 200, 404, 200, 200);
const SCHOOL_A_ACTION = row("sign-in", "allowed", 404, "allowed", "allowed");
const MVP_RECORDING = row("sign-in", 403, 403, 200, 403);
const MVP_RECORDING_ACTION = row("sign-in", 403, 403, "allowed", 403);

export const EXPECTATIONS: Record<string, Expectation> = {
  "routes/$": { path: () => "/no-such-page", get: row(404, 404, 404, 404, 404), post: row(404, 404, 404, 404, 404) },
  "routes/_index": { get: PUBLIC },
  "routes/accessibility": { get: PUBLIC },
  "routes/privacy": { get: PUBLIC },
  "routes/healthz": { get: PUBLIC },
  "routes/sign-in": { get: row(200, "redirect", "redirect", "redirect", "redirect"), post: row("allowed", "allowed", "allowed", "allowed", "allowed") },
  "routes/sign-out": { get: row("redirect", "redirect", "redirect", "redirect", "redirect"), post: row("sign-in", "sign-in", "sign-in", "sign-in", "sign-in") },
  "routes/account": { get: SIGNED_IN, post: row("sign-in", "allowed", "allowed", "allowed", "allowed") },
  "routes/account_.two-step": { get: SIGNED_IN, post: row("sign-in", "allowed", "allowed", "allowed", "allowed") },
  // Without a pending sign-in (a right password first), both second-step pages send everyone back to sign in,
  // but a form sent to them by someone signed in already leads home, saying so (decision 0192).
  "routes/sign-in_.two-step": {
    get: row("sign-in", "sign-in", "sign-in", "sign-in", "sign-in"),
    post: row("sign-in", "redirect", "redirect", "redirect", "redirect"),
  },
  "routes/sign-in_.set-up-two-step": { get: PUBLIC, post: row("sign-in", "redirect", "redirect", "redirect", "redirect") },
  "routes/invitations.$token": {
    path: () => "/invitations/not-a-real-token",
    get: row(404, 404, 404, 404, 404),
    post: row("allowed", "allowed", "allowed", "allowed", "allowed"),
  },
  "routes/forgotten-password": {
    get: row(200, "redirect", "redirect", "redirect", "redirect"),
    post: row("allowed", "allowed", "allowed", "allowed", "allowed"),
  },
  // An unknown link sets no password, for anyone: the token is checked before the form is read.
  "routes/reset-password.$token": {
    path: () => "/reset-password/not-a-real-token",
    get: row(404, 404, 404, 404, 404),
    post: row(404, 404, 404, 404, 404),
  },

  // The first lead's one-time setup link: an unknown token opens nothing, for anyone.
  "routes/setup.$token": {
    path: () => "/setup/not-a-real-token",
    get: row(404, 404, 404, 404, 404),
    post: row(404, 404, 404, 404, 404),
  },

  "routes/admin.audit": { get: LEAD },
  "routes/admin.outbox._index": { get: LEAD },
  "routes/admin.outbox.$messageId": { path: (ids) => `/admin/outbox/${ids.messageId}`, get: LEAD },
  "routes/admin.users._index": { get: LEAD, post: LEAD_ACTION },
  "routes/admin.users.invite": { get: LEAD, post: LEAD_ACTION },
  "routes/admin.security": { get: LEAD, post: LEAD_ACTION },
  "routes/admin.users.$userId": { path: (ids) => `/admin/users/${ids.userA}`, get: LEAD, post: LEAD_ACTION },

  "routes/guide._index": { get: PUBLIC },
  "routes/guide.search": { get: PUBLIC },
  "routes/guide.$sectionSlug._index": { path: (ids) => `/guide/${ids.sectionSlug}`, get: row("redirect", "redirect", "redirect", "redirect", "redirect") },
  "routes/guide.$sectionSlug.$pageSlug": {
    path: (ids) => `/guide/${ids.sectionSlug}/${ids.pageSlug}`,
    get: PUBLIC,
    // Anyone may say whether a page was useful (decision 0054).
    post: row("allowed", "allowed", "allowed", "allowed", "allowed"),
  },
  "routes/admin.guide._index": { get: LEAD, post: LEAD_ACTION },
  "routes/admin.guide.sections.new": { get: LEAD, post: LEAD_ACTION },
  "routes/admin.guide.sections.$sectionId": { path: (ids) => `/admin/guide/sections/${ids.sectionId}`, get: LEAD, post: LEAD_ACTION },
  "routes/admin.guide.pages.new": { get: LEAD, post: LEAD_ACTION },
  "routes/admin.guide.pages.$pageId._index": { path: (ids) => `/admin/guide/pages/${ids.pageId}`, get: LEAD, post: LEAD_ACTION },
  "routes/admin.guide.pages.$pageId.compare": { path: (ids) => `/admin/guide/pages/${ids.pageId}/compare?from=1&to=1`, get: LEAD },
  "routes/admin.guide.pages.$pageId.feedback": { path: (ids) => `/admin/guide/pages/${ids.pageId}/feedback`, get: LEAD },
  "routes/admin.guide.pages.$pageId.history": { path: (ids) => `/admin/guide/pages/${ids.pageId}/history`, get: LEAD },
  "routes/admin.guide.pages.$pageId.preview": { path: (ids) => `/admin/guide/pages/${ids.pageId}/preview`, get: LEAD },
  "routes/admin.guide.pages.$pageId.versions.$number": { path: (ids) => `/admin/guide/pages/${ids.pageId}/versions/1`, get: LEAD, post: LEAD_ACTION },

  "routes/schools._index": { get: row("sign-in", "redirect", "redirect", "redirect", 200) },
  "routes/schools.new": { get: LEAD, post: LEAD_ACTION },
  "routes/schools.$schoolId._index": { path: (ids) => `/schools/${ids.schoolA}`, get: row("sign-in", 200, 403, 200, 200), post: LEAD_ACTION },
  "routes/schools.$schoolId.edit": { path: (ids) => `/schools/${ids.schoolA}/edit`, get: LEAD, post: LEAD_ACTION },
  "routes/schools.import._index": { get: LEAD, post: LEAD_ACTION },
  "routes/schools.import.$importId": { path: (ids) => `/schools/import/${ids.importId}`, get: LEAD, post: LEAD_ACTION },
  "routes/schools.localities._index": { get: LEAD },
  "routes/schools.localities.new": { get: LEAD, post: LEAD_ACTION },
  "routes/schools.localities.$localityId._index": { path: (ids) => `/schools/localities/${ids.localityId}`, get: LEAD, post: LEAD_ACTION },
  "routes/schools.localities.$localityId.edit": { path: (ids) => `/schools/localities/${ids.localityId}/edit`, get: LEAD, post: LEAD_ACTION },

  "routes/mvp._index": { get: SIGNED_IN },
  "routes/mvp.schools.$schoolId": { path: (ids) => `/mvp/schools/${ids.schoolA}`, get: row("sign-in", 200, 403, 200, 200) },
  "routes/mvp.cohorts.new": { get: MVP_RECORDING, post: MVP_RECORDING_ACTION },
  "routes/mvp.cohorts.$cohortId._index": {
    path: (ids) => `/mvp/cohorts/${ids.cohortA}`,
    get: row("sign-in", 403, 403, 200, 200),
    post: row("sign-in", 403, 403, "allowed", "allowed"),
  },
  "routes/mvp.cohorts.$cohortId.edit": { path: (ids) => `/mvp/cohorts/${ids.cohortA}/edit`, get: MVP_RECORDING, post: MVP_RECORDING_ACTION },
  "routes/mvp.cohorts.$cohortId.training": { path: (ids) => `/mvp/cohorts/${ids.cohortA}/training`, get: MVP_RECORDING, post: MVP_RECORDING_ACTION },
  "routes/mvp.mentors.$mentorId": { path: (ids) => `/mvp/mentors/${ids.mentorA}`, get: MVP_RECORDING, post: MVP_RECORDING_ACTION },
  "routes/mvp.lessons.new": { get: MVP_RECORDING, post: MVP_RECORDING_ACTION },
  "routes/mvp.lessons.$lessonId": { path: (ids) => `/mvp/lessons/${ids.lessonA}`, get: MVP_RECORDING, post: MVP_RECORDING_ACTION },
  "routes/mvp.staff.new": { get: MVP_RECORDING, post: MVP_RECORDING_ACTION },
  "routes/mvp.staff.$staffId": { path: (ids) => `/mvp/staff/${ids.staffA}`, get: MVP_RECORDING, post: MVP_RECORDING_ACTION },
  "routes/mvp.modules._index": { get: LEAD, post: LEAD_ACTION },
  "routes/mvp.modules.$moduleId": { path: (ids) => `/mvp/modules/${ids.moduleId}`, get: LEAD, post: LEAD_ACTION },
  "routes/mvp.retention": { get: LEAD, post: LEAD_ACTION },

  "routes/sessions._index": { get: row("sign-in", 200, 200, 200, "redirect") },
  "routes/sessions.schedule": { get: LEAD, post: LEAD_ACTION },
  "routes/sessions.requests": { get: LEAD, post: LEAD_ACTION },
  "routes/sessions.returns": { get: LEAD, post: LEAD_ACTION },
  "routes/sessions.settings": { get: LEAD, post: LEAD_ACTION },
  "routes/sessions.terms": { get: LEAD, post: LEAD_ACTION },
  "routes/sessions.topics._index": { get: LEAD },
  "routes/sessions.topics.new": { get: LEAD, post: LEAD_ACTION },
  "routes/sessions.topics.$topicId": { path: (ids) => `/sessions/topics/${ids.topicId}`, get: LEAD, post: LEAD_ACTION },
  "routes/sessions.deliveries.new": { get: LEAD, post: LEAD_ACTION },
  "routes/sessions.deliveries.$deliveryId._index": {
    path: (ids) => `/sessions/deliveries/${ids.deliveryId}`,
    get: SIGNED_IN,
    post: row("sign-in", "allowed", "allowed", "allowed", 403),
  },
  "routes/sessions.deliveries.$deliveryId.edit": { path: (ids) => `/sessions/deliveries/${ids.deliveryId}/edit`, get: LEAD, post: LEAD_ACTION },
  "routes/sessions.deliveries.$deliveryId.cancel": { path: (ids) => `/sessions/deliveries/${ids.deliveryId}/cancel`, get: LEAD, post: LEAD_ACTION },
  // School staff book for their own school; the lead books on any open school's behalf.
  "routes/sessions.deliveries.$deliveryId.book": {
    path: (ids) => `/sessions/deliveries/${ids.deliveryId}/book`,
    get: SIGNED_IN,
    post: row("sign-in", "allowed", "allowed", "allowed", "allowed"),
  },

  "routes/bookings._index": { get: SCHOOL_STAFF, post: SCHOOL_STAFF_ACTION },
  "routes/bookings.$bookingId._index": { path: (ids) => `/bookings/${ids.bookingA}`, get: SCHOOL_A, post: SCHOOL_A_ACTION },
  "routes/bookings.$bookingId.attendance": { path: (ids) => `/bookings/${ids.bookingA}/attendance`, get: SCHOOL_A, post: SCHOOL_A_ACTION },
  "routes/bookings.$bookingId.calendar[.]ics": { path: (ids) => `/bookings/${ids.bookingA}/calendar.ics`, get: SCHOOL_A },
  "routes/bookings.$bookingId.cancel": { path: (ids) => `/bookings/${ids.bookingA}/cancel`, get: SCHOOL_A, post: SCHOOL_A_ACTION },
  "routes/bookings.$bookingId.move": { path: (ids) => `/bookings/${ids.bookingA}/move`, get: SCHOOL_A, post: SCHOOL_A_ACTION },
  "routes/bookings.$bookingId.decline": { path: (ids) => `/bookings/${ids.bookingA}/decline`, get: LEAD, post: LEAD_ACTION },

  "routes/s._index": { get: PUBLIC },
  "routes/s.$code": { path: (ids) => `/s/${ids.openCode}`, get: PUBLIC, post: row("allowed", "allowed", "allowed", "allowed", "allowed") },
  "routes/surveys._index": { get: SIGNED_IN },
  "routes/surveys.new": { path: (ids) => `/surveys/new?bookingId=${ids.bookingA}&phase=BEFORE`, get: SCHOOL_A, post: SCHOOL_A_ACTION },
  "routes/surveys.$runId._index": { path: (ids) => `/surveys/${ids.runA}`, get: SCHOOL_A, post: SCHOOL_A_ACTION },
  "routes/surveys.$runId.poster": { path: (ids) => `/surveys/${ids.runA}/poster`, get: SCHOOL_A },
  "routes/surveys.$runId.qr[.]svg": { path: (ids) => `/surveys/${ids.runA}/qr.svg`, get: SCHOOL_A },
  "routes/surveys.$runId.results[.]csv": { path: (ids) => `/surveys/${ids.runA}/results.csv`, get: SCHOOL_A },
  "routes/surveys.bookings.$bookingId": { path: (ids) => `/surveys/bookings/${ids.bookingA}`, get: SCHOOL_A },
  "routes/surveys.compare": { get: LEAD },
  "routes/admin.surveys._index": { get: LEAD, post: LEAD_ACTION },
  "routes/admin.surveys.new": { get: LEAD, post: LEAD_ACTION },
  "routes/admin.surveys.$templateId._index": { path: (ids) => `/admin/surveys/${ids.templateId}`, get: LEAD, post: LEAD_ACTION },
  "routes/admin.surveys.$templateId.questions.$questionId": {
    path: (ids) => `/admin/surveys/${ids.templateId}/questions/${ids.questionId}`,
    get: LEAD,
    post: LEAD_ACTION,
  },

  "routes/reach._index": { get: LEAD },
  "routes/reach.gaps": { get: LEAD },
  "routes/reach.report": { get: LEAD },
  "routes/reach.schools._index": { get: LEAD },
  "routes/reach.schools.$schoolId": { path: (ids) => `/reach/schools/${ids.schoolA}`, get: row("sign-in", 200, 403, 200, 200) },
  "routes/reach.schools[.]csv": { get: LEAD },
  "routes/reach.localities[.]csv": { get: LEAD },
  "routes/our-reach": { get: SCHOOL_STAFF },
};

export function outcomeOf(status: number, location: string | undefined, method: "GET" | "POST"): Outcome {
  if (status === 302 || status === 303) return location?.startsWith("/sign-in") ? "sign-in" : "redirect";
  if (method === "POST" && (status === 200 || status === 400)) return "allowed";
  return status as Outcome;
}

export const matches = (expected: Outcome, actual: Outcome) =>
  expected === actual || (expected === "allowed" && (actual === "redirect" || actual === "allowed"));
