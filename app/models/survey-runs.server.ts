/**
 * Survey runs: a survey opened by a school for its pupils, before or after a booked session or for MVP.
 * School users see and open runs for their own school only (scoped here); the lead sees every school's.
 * Whether a run is still taking answers is decided by runState, and nowhere else.
 */
import { assertCan, ownSchoolId, schoolScope, type Actor } from "~/auth/actor";
import { can } from "~/auth/roles";
import { prisma } from "~/db.server";
import { env } from "~/env.server";
import type { Prisma } from "~/generated/prisma/client";
import { academicYearOf } from "~/lib/academic-year";
import { formatDateTime } from "~/lib/dates";
import { pageWithin } from "~/lib/pagination";
import { londonDateInputValue } from "~/lib/london-time";
import { forbidden, notFound } from "~/lib/responses.server";
import { formatCode, generateSurveyCode, normaliseCode } from "~/lib/survey-code";
import { questionCount } from "~/lib/survey-answers";
import { BEFORE_SURVEY_MINUTES_INTO_SESSION, canOpenAfterSurvey, canOpenBeforeSurvey, runState } from "~/models/survey-run-state";
import { dateFromRow } from "~/lib/sql-steps";
import { holdsPlace, PLACE_HOLDING_STATUSES } from "~/lib/statuses";
import { recordAudit } from "./audit.server";
import { isUniqueViolation } from "./db-errors.server";
import { selectRows } from "./raw-sql.server";
import { answerSentBefore, saveOnce, type SentWithOtherDetails } from "./sent-forms.server";
import { dayOutsideSchoolDays } from "./school-records.server";
import { noSurveyOpened, schoolRefusal, schoolSessionRefusal, yourSchool } from "./school-status.server";

export { runState };

export const RUNS_PAGE_SIZE = 25;

/** The runs this person may see: every school's for the lead, else their own school's (403 without `surveys:run`). */
function scope(actor: Actor): Prisma.SurveyRunWhereInput {
  assertCan(actor, "surveys:run");
  return schoolScope(actor, "surveys:read-all");
}

const listInclude = {
  template: { select: { title: true, version: true } },
  school: { select: { name: true } },
  booking: { select: { id: true, status: true, delivery: { select: { startsAt: true, endsAt: true, topic: { select: { title: true } } } } } },
} satisfies Prisma.SurveyRunInclude;

/**
 * The survey runs the actor may see (their school's, or every school's for the lead; 403 without
 * `surveys:run`), newest first, a page at a time: `{ runs, total, page, pageCount }`, a page past the end
 * showing the last (`pageWithin`).
 */
export async function listRuns(actor: Actor, page: number) {
  const where = scope(actor);
  const total = await prisma.surveyRun.count({ where });
  const shown = pageWithin(page, total, RUNS_PAGE_SIZE);
  const runs = await prisma.surveyRun.findMany({
    where,
    include: listInclude,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    skip: shown.skip,
    take: shown.take,
  });
  return { total, runs, page: shown.page, pageCount: shown.pageCount };
}

const detailInclude = {
  ...listInclude,
  template: { include: { questions: { orderBy: { position: "asc" } } } },
} satisfies Prisma.SurveyRunInclude;

/** One run, or 404 when it is another school's: ids reveal nothing. */
export async function getRun(actor: Actor, id: string) {
  const run = await prisma.surveyRun.findFirst({ where: { id, ...scope(actor) }, include: detailInclude });
  return run ?? notFound("survey");
}

export type RunDetail = Awaited<ReturnType<typeof getRun>>;

/**
 * Published templates a new run may use, for bookings or for MVP. For a booking, pass its topic's id:
 * the templates written for that topic come first, then those for any topic, then other topics' (each
 * group by phase, then title). `forTopic` says which group each is in. `before: false` leaves out the
 * templates for before a session, for a session too far under way for one (canOpenBeforeSurvey);
 * `after: false` those for after it, for a session not yet started (canOpenAfterSurvey).
 */
export async function templatesFor(context: "BOOKING" | "MVP", topicId?: string, { before = true, after = true }: { before?: boolean; after?: boolean } = {}) {
  const phasesLeftOut = [...(before ? [] : ["BEFORE"]), ...(after ? [] : ["AFTER"])];
  const templates = await prisma.surveyTemplate.findMany({
    where: { status: "PUBLISHED", context, ...(phasesLeftOut.length > 0 ? { phase: { notIn: phasesLeftOut } } : {}) },
    select: {
      id: true,
      title: true,
      version: true,
      phase: true,
      topicId: true,
      topic: { select: { title: true } },
      questions: { select: { type: true, freeTextEnabled: true } },
    },
    orderBy: [{ phase: "asc" }, { title: "asc" }],
  });
  const forTopic = (t: { topicId: string | null }): "this" | "any" | "other" => (t.topicId === null ? "any" : t.topicId === topicId ? "this" : "other");
  const rank = { this: 0, any: 1, other: 2 } as const;
  return templates
    .map(({ questions, ...t }) => ({ ...t, questionCount: questionCount(questions), forTopic: forTopic(t) }))
    .sort((a, b) => rank[a.forTopic] - rank[b.forTopic]);
}

/** The bookings a school user may open a survey for: their school's, not cancelled or declined. */
export async function bookingForSurvey(actor: Actor, bookingId: string) {
  const booking = await prisma.booking.findFirst({
    where: { id: bookingId, status: { in: PLACE_HOLDING_STATUSES }, ...schoolScope(actor, "surveys:read-all") },
    include: {
      school: { select: { id: true, name: true, status: true, openedOn: true } },
      delivery: { select: { startsAt: true, endsAt: true, topicId: true, topic: { select: { title: true } } } },
    },
  });
  return booking ?? notFound("booking");
}

export type OpenRunInput = { templateId: string; closesOn?: string; maxResponses?: number; sharedDevices: boolean; formToken?: string };
export type OpenRunResult = { ok: true; id: string; code: string; repeat?: boolean } | { ok: false; field: string; message: string };

const MAX_CODE_ATTEMPTS = 5;

/**
 * Keeps the surveys of a session's bookings in the session's academic year, as `openRun` set it. Called
 * in the transaction that moves a booking onto the session `sessionId` or changes the session's date, so a survey's
 * answers are counted in the year of the session they are about (reach, the comparisons, a school's
 * lists of surveys), not the year of the date it had when the survey was opened.
 */
export async function keepRunsInSessionYear(tx: Prisma.TransactionClient, sessionId: string): Promise<void> {
  // The session's date as this transaction sees it, not as a page read it before.
  const session = await tx.delivery.findUnique({ where: { id: sessionId }, select: { startsAt: true } });
  if (!session) return;
  const academicYear = academicYearOf(session.startsAt);
  await tx.surveyRun.updateMany({ where: { booking: { deliveryId: sessionId }, NOT: { academicYear } }, data: { academicYear } });
}

/**
 * Opens a run with a fresh code; a code that happens to be taken already (the unique index says so)
 * is drawn again. For a booking the school and academic year come from the booking; for MVP, from
 * the MVP lead and today. A survey for before a session is refused once it would close at once
 * (canOpenBeforeSurvey), and one for after it until the session has started (canOpenAfterSurvey), each
 * with the message for the template field. The same form sent again (`input.formToken`) opens nothing more
 * and answers with the first sending's survey and `repeat` (decision 0147); a token whose survey is another
 * school's is a 404. Sent again with other details, it is refused whole (SentWithOtherDetails, decision 0178).
 */
export async function openRun(
  actor: Actor,
  target: { bookingId: string } | { mvp: true },
  input: OpenRunInput,
  now = new Date(),
): Promise<OpenRunResult | SentWithOtherDetails> {
  if (!can(actor, "surveys:run")) forbidden();
  let schoolId: string;
  let academicYear: number;
  let bookingId: string | null = null;
  let context: "BOOKING" | "MVP";
  let session: { startsAt: Date } | null = null;
  if ("bookingId" in target) {
    const booking = await bookingForSurvey(actor, target.bookingId);
    session = booking.delivery;
    schoolId = booking.schoolId;
    academicYear = academicYearOf(booking.delivery.startsAt);
    bookingId = booking.id;
    context = "BOOKING";
  } else {
    schoolId = ownSchoolId(actor, "surveys:run-mvp");
    academicYear = academicYearOf(now);
    context = "MVP";
    const refusal = await mvpSurveyRefusal(actor, now);
    if (refusal) return { ok: false, field: "", message: refusal };
  }
  const template = await prisma.surveyTemplate.findFirst({ where: { id: input.templateId, status: "PUBLISHED", context } });
  if (!template) return { ok: false, field: "templateId", message: "Select a survey" };
  const tooEarlyOrLate = session && sessionTimeRefusal(template.phase, session, now);
  if (tooEarlyOrLate) return tooEarlyOrLate;
  if (input.closesOn && input.closesOn < londonDateInputValue(now)) return { ok: false, field: "closesOn", message: "The closing date must be today or later" };
  const called = yourSchool(actor, schoolId);
  const schoolStatus = session && (await schoolSessionRefusal(schoolId, "survey", session.startsAt, prisma, called, now));
  if (schoolStatus) return { ok: false, field: "", message: schoolStatus };

  const createRun = async (note: (tx: Prisma.TransactionClient, ids: string[]) => Promise<void>): Promise<OpenRunResult> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const run = await prisma.$transaction(async (tx) => {
          // Again inside the transaction (they run one at a time): a booking cancelled, or a session moved,
          // since they were read above is seen, and the survey counts in its session's year as it now is.
          const current =
            bookingId && (await tx.booking.findUnique({ where: { id: bookingId }, select: { status: true, delivery: { select: { startsAt: true } } } }));
          if (bookingId && (!current || !holdsPlace(current.status))) throw new RefusedInTransaction(BOOKING_GONE);
          const refusal = current && sessionTimeRefusal(template.phase, current.delivery, now);
          if (refusal) throw new RefusedInTransaction(refusal);
          const outside = await surveyDayRefusal(tx, actor, schoolId, now);
          if (outside) throw new RefusedInTransaction({ ok: false, field: "", message: outside });
          const created = await tx.surveyRun.create({
            data: {
              code: generateSurveyCode(),
              templateId: template.id,
              schoolId,
              bookingId,
              phase: template.phase,
              context,
              academicYear: current ? academicYearOf(current.delivery.startsAt) : academicYear,
              closesOn: input.closesOn ? new Date(`${input.closesOn}T00:00:00.000Z`) : null,
              maxResponses: input.maxResponses ?? null,
              sharedDevices: input.sharedDevices,
              createdById: actor.id,
              createdAt: now,
            },
          });
          await recordAudit(
            { actor, action: "create", entityType: "SurveyRun", entityId: created.id, summary: `Opened the survey "${template.title}" (${created.code})` },
            tx,
          );
          await note(tx, [created.id]);
          return created;
        });
        return { ok: true, id: run.id, code: run.code };
      } catch (error) {
        if (error instanceof RefusedInTransaction) return error.refusal;
        // A code already taken is drawn again; the form's token taken, by the same form sent at the same
        // moment, is saveOnce's to answer.
        if (!isUniqueViolation(error) || attempt >= MAX_CODE_ATTEMPTS) throw error;
        if (input.formToken && (await prisma.sentForm.findUnique({ where: { token: input.formToken }, select: { token: true } }))) throw error;
      }
    }
  };
  // The same form sent twice (a double click, a second tab) opens one survey, with one code (decision 0147).
  const once = await saveOnce(input.formToken, "SurveyRun", { ...target, ...input }, createRun, now);
  return answerSentBefore(once, {
    find: (ids) => prisma.surveyRun.findFirst({ where: { id: ids[0], schoolId }, select: { id: true, code: true } }),
    what: "survey",
    repeat: (first): OpenRunResult => ({ ok: true, id: first.id, code: first.code, repeat: true }),
    made: (first) => `the survey with the code ${formatCode(first.code)} opened`,
  });
}

/**
 * Why the MVP lead's own school may not open a pupil survey not tied to a session at `now`, or null when
 * it may: its status, read now (schoolRefusal), or the day (surveyDayRefusal). For the survey page, before
 * its form; openRun checks both again. Throws a 403 response for someone who may not run MVP surveys.
 */
export async function mvpSurveyRefusal(actor: Actor, now = new Date()): Promise<string | null> {
  const schoolId = ownSchoolId(actor, "surveys:run-mvp");
  return (await schoolRefusal(schoolId, "survey", prisma, "Your school")) ?? (await surveyDayRefusal(prisma, actor, schoolId, now));
}

/**
 * Why the school `schoolId` may not open a pupil survey at `now`, for a session or not, or null when it
 * may: a survey counts, once answered, as the school at work on the day it was opened (recordedDaysOf),
 * which must fall within the school's days (decision 0158): "Your school opens on 1 September 2031, so it
 * cannot open a pupil survey before then." A session's own day is checked by sessionRefusal.
 */
function surveyDayRefusal(db: Prisma.TransactionClient, actor: Actor, schoolId: string, now: Date): Promise<string | null> {
  return dayOutsideSchoolDays(db, schoolId, now, "a pupil survey", {
    now,
    called: yourSchool(actor, schoolId),
    so: noSurveyOpened,
  });
}

/** What openRun says when the booking was cancelled or declined while the survey was being opened. */
const BOOKING_GONE = {
  ok: false as const,
  field: "",
  message: "This booking has just been cancelled or declined, or its session recorded as not taking place, so no survey was opened. Check the booking.",
};

/** Rolls back a transaction whose checks, made again inside it, refuse what it wrote. */
class RefusedInTransaction extends Error {
  constructor(readonly refusal: Extract<OpenRunResult, { ok: false }>) {
    super(refusal.message);
  }
}

/**
 * Why a survey of `phase` cannot be opened for a session starting at `session.startsAt` at `now`, with
 * the template field's message, or null: one for before it once it would close at once
 * (canOpenBeforeSurvey), one for after it until the session has started (canOpenAfterSurvey).
 */
function sessionTimeRefusal(phase: string, session: { startsAt: Date }, now: Date): Extract<OpenRunResult, { ok: false }> | null {
  if (phase === "BEFORE" && !canOpenBeforeSurvey(session, now)) {
    return {
      ok: false,
      field: "templateId",
      message: `The session started over ${BEFORE_SURVEY_MINUTES_INTO_SESSION} minutes ago: choose a survey for after it`,
    };
  }
  if (phase === "AFTER" && !canOpenAfterSurvey(session, now)) {
    return {
      ok: false,
      field: "templateId",
      message: `The session has not started yet: a survey for after it can be opened from ${formatDateTime(session.startsAt)}`,
    };
  }
  return null;
}

/**
 * Closes, at `now`, the open surveys `runs` matches, in the caller's transaction `tx`: those of bookings
 * that will have no session, or had none (cancelled, declined, recorded as not taking place), and those of
 * a school now closed. Pupils' answers sent after are refused, as to any closed survey; those given before
 * are kept. A survey left open there took answers about a session nobody attended, or from a school the
 * forum no longer serves (decision 0144). Returns how many closed.
 */
export async function closeRunsOf(tx: Prisma.TransactionClient, runs: Prisma.SurveyRunWhereInput, now: Date): Promise<number> {
  const { count } = await tx.surveyRun.updateMany({ where: { ...runs, closedAt: null }, data: { closedAt: now } });
  return count;
}

/**
 * Stops a survey taking answers; audited only when it was still open, so twice at once is one change.
 * Returns whether this call closed it (false: it had been closed already).
 */
export async function closeRun(actor: Actor, id: string, now = new Date()): Promise<boolean> {
  const run = await getRun(actor, id);
  if (run.closedAt) return false;
  return prisma.$transaction(async (tx) => {
    // Only if still open: a close a moment before stands, and is the one audited.
    const { count } = await tx.surveyRun.updateMany({ where: { id: run.id, closedAt: null }, data: { closedAt: now } });
    if (count === 0) {
      // Closed a moment before, or deleted: the 404 of a survey never there (decision 0118).
      if (!(await tx.surveyRun.findUnique({ where: { id: run.id }, select: { id: true } }))) notFound("survey");
      return false;
    }
    await recordAudit({ actor, action: "update", entityType: "SurveyRun", entityId: run.id, summary: `Closed the survey ${run.code}` }, tx);
    return true;
  });
}

/**
 * SQL for the start of the session of the booking whose id is the SQL expression `bookingIdSql` (a `?`
 * or a column, never a value: it is written into the statement), as a scalar subquery: what a run before
 * that session closes by (beforeSurveyClosesAt). Indexed both ways: the booking by its id, then its
 * delivery by its id.
 */
export function sessionStartOf(bookingIdSql: string): string {
  return `(SELECT d."startsAt" FROM "Booking" b JOIN "Delivery" d ON d."id" = b."deliveryId" WHERE b."id" = ${bookingIdSql})`;
}

/** What a pupil's browser needs to answer: the run and its questions, found by the code typed. No school user involved. */
export async function findRunForPupil(typedCode: string) {
  const code = normaliseCode(typedCode);
  if (!code) return null;
  const found = await prisma.surveyRun.findUnique({
    where: { code },
    select: {
      id: true,
      code: true,
      closedAt: true,
      closesOn: true,
      maxResponses: true,
      responseCount: true,
      sharedDevices: true,
      templateId: true,
      phase: true,
      bookingId: true,
    },
  });
  if (!found) return null;
  const { templateId, phase, bookingId, ...run } = found;
  // Only a run before a session closes with it: its session's start, in one statement more.
  const [session] = phase === "BEFORE" && bookingId ? await selectRows(`SELECT ${sessionStartOf("?")} AS "startsAt"`, bookingId) : [];
  return { ...run, beforeSessionStartsAt: dateFromRow(session?.startsAt), template: await templateForPupils(templateId) };
}

// Only a draft template is ever edited (survey-templates.server.ts) and runs open only on published ones,
// so what pupils see of any other template never changes: each process reads it once, not on every
// page and answer. Bounded: the oldest read goes first.
const TEMPLATES_KEPT = 100;
const templatesForPupils = new Map<string, Awaited<ReturnType<typeof readTemplateForPupils>>>();

function readTemplateForPupils(templateId: string) {
  return prisma.surveyTemplate.findUniqueOrThrow({
    where: { id: templateId },
    select: { status: true, title: true, intro: true, questions: { orderBy: { position: "asc" } } },
  });
}

/** A template's title, introduction and questions (in order), as pupils see them. */
async function templateForPupils(templateId: string) {
  const kept = templatesForPupils.get(templateId);
  if (kept) return kept;
  const template = await readTemplateForPupils(templateId);
  if (template.status !== "DRAFT") {
    if (templatesForPupils.size >= TEMPLATES_KEPT) templatesForPupils.delete(templatesForPupils.keys().next().value!);
    templatesForPupils.set(templateId, template);
  }
  return template;
}

export type PupilRun = NonNullable<Awaited<ReturnType<typeof findRunForPupil>>>;

/** The address pupils type or scan: the service's public address when set, else the one this request came to. */
export function surveyAddress(request: Request, code: string): string {
  const base = (env.APP_URL ?? new URL(request.url).origin).replace(/\/$/, "");
  return `${base}/s/${code}`;
}
