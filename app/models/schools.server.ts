import { assertCan, assertCanSeeSchool, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { pageWithin } from "~/lib/pagination";
import { londonDayStart } from "~/lib/dates";
import { londonDateInputValue } from "~/lib/london-time";
import { describeChanges, schoolChanges, type SchoolFacts } from "~/lib/school-changes";
import { schoolSchema, type SchoolInput } from "~/lib/school-form";
import { LOCAL_AUTHORITY_NAMES, SCHOOL_TYPES } from "~/lib/schools";
import { SCHOOL_STATUSES, type SchoolStatus } from "~/lib/statuses";
import { recordAudit } from "./audit.server";
import { closeRunsOf } from "./survey-runs.server";
import { recountDeliveryLocalities } from "./tallies.server";
import { NOTHING_WITHDRAWN, tellOfWithdrawn, withdrawFromSessions, type Withdrawn, type WithdrawnSummary } from "./school-closure.server";
import { isUniqueViolation } from "./db-errors.server";
import { answerSentBefore, saveOnce, type SentBefore, type SentWithOtherDetails } from "./sent-forms.server";
import { changedMeanwhile, editVersion, type ChangedMeanwhile } from "./edit-versions.server";
import { bookingsBeforeOpening, daysAgainstRecords, describeRecordedDay, recordedDaysOf } from "./school-records.server";
import { containsAnyCase, startsWithAnyCase } from "~/models/text-match.server";
import { readChoices, readSearch, SEARCH_MAX, type FilterProblems } from "~/lib/filter-choices";

type Db = Prisma.TransactionClient | typeof prisma;

/** A school's name, or null when there is none. Throws a 403 response for another school's user. */
export async function getSchoolName(actor: Actor, schoolId: string): Promise<string | null> {
  assertCanSeeSchool(actor, schoolId);
  const school = await prisma.school.findUnique({ where: { id: schoolId }, select: { name: true } });
  return school?.name ?? null;
}

const SCHOOLS_PAGE_SIZE = 25;

export type SchoolFilters = { q?: string; localAuthority?: string; localityId?: string; type?: string; status?: SchoolStatus; page: number };

/**
 * The list's filters from the address, each checked against what its form offers (`readChoices`): the
 * local authorities, the localities given (by id), the school types and statuses; the name or URN is
 * trimmed, at most 100 characters. A value the form does not offer is not used and `problems` says why by
 * the field, so the list is what the form then shows. Pure: reads no data, so no actor.
 *
 * @param page the page asked for (pageFrom)
 * @param localityIds the localities the form lists
 */
export function readSchoolFilters(
  params: URLSearchParams,
  page: number,
  localityIds: readonly string[],
): { filters: SchoolFilters; problems: FilterProblems<"q" | "localAuthority" | "localityId" | "type" | "status"> | null } {
  const { values, problems } = readChoices(params, {
    localAuthority: { offered: LOCAL_AUTHORITY_NAMES, message: "Choose a local authority from the list" },
    localityId: { offered: localityIds, message: "There is no such locality: choose one from the list" },
    type: { offered: SCHOOL_TYPES, message: "Choose a school type from the list" },
    status: { offered: SCHOOL_STATUSES, message: "Choose a status from the list" },
  });
  const { search, problem: searchProblem } = readSearch(params, { tooLong: `Enter a name or URN of ${SEARCH_MAX} characters or fewer` });
  const filters: SchoolFilters = {
    q: search || undefined,
    localAuthority: values.localAuthority ?? undefined,
    localityId: values.localityId ?? undefined,
    type: values.type ?? undefined,
    status: (values.status as SchoolStatus | null) ?? undefined,
    page,
  };
  if (!searchProblem) return { filters, problems };
  return { filters, problems: { ...problems, q: searchProblem } };
}

/**
 * Every school matching the filters, by name, a page at a time (a page past the end shows the last).
 * Throws a 403 response unless the actor may list every school: a school user has only their own.
 */
export async function listSchools(actor: Actor, filters: SchoolFilters) {
  assertCan(actor, "schools:list-all");
  const where: Prisma.SchoolWhereInput = {
    ...(filters.q ? { OR: [{ name: containsAnyCase(filters.q) }, { urn: startsWithAnyCase(filters.q) }] } : {}),
    ...(filters.localAuthority ? { localAuthority: filters.localAuthority } : {}),
    ...(filters.localityId ? { localityId: filters.localityId } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.status ? { status: filters.status } : {}),
  };
  const total = await prisma.school.count({ where });
  const { page, pageCount, skip, take } = pageWithin(filters.page, total, SCHOOLS_PAGE_SIZE);
  const schools = await prisma.school.findMany({
    where,
    orderBy: [{ name: "asc" }, { urn: "asc" }],
    skip,
    take,
    select: {
      id: true,
      urn: true,
      name: true,
      localAuthority: true,
      type: true,
      numberOnRoll: true,
      status: true,
      locality: { select: { name: true } },
    },
  });
  return { schools, total, page, pageCount, pageSize: SCHOOLS_PAGE_SIZE };
}

/**
 * One school with its locality, or null when there is none. Throws a 403 response for another school's
 * user, before the look-up, so they cannot learn which ids exist.
 */
export async function getSchool(actor: Actor, schoolId: string) {
  assertCanSeeSchool(actor, schoolId);
  return prisma.school.findUnique({
    where: { id: schoolId },
    include: { locality: { select: { id: true, name: true } } },
  });
}

export type FieldErrors = Record<string, string[]>;
/**
 * A school saved (`changed` false when nothing was), with, when the change closed it, its bookings still
 * to come that were cancelled, the places then offered to schools waiting, and what the mailer did
 * telling the school; or the fields refused. `bookedBeforeOpening`, after a change of the opening day: how
 * many of the school's bookings (requested or confirmed, on a session not cancelled, and not cancelled by
 * the change itself) are on sessions before it, at which no pupils can be recorded (decision 0158), so the
 * lead can move or cancel them. `repeat`: the same new school's form had been sent already, and this is the
 * school it added; nothing was saved this time (decision 0147).
 */
export type SchoolResult =
  | { ok: true; school: { id: string; name: string }; changed: boolean; withdrawn?: WithdrawnSummary; bookedBeforeOpening?: number; repeat?: true }
  | { ok: false; fieldErrors: FieldErrors };

/** The school's fields its edit form changes, by their labels there, in its order (decision 0148). */
const SCHOOL_FORM_FIELDS = {
  urn: "URN",
  name: "School name",
  localAuthority: "Local authority",
  localityId: "Locality",
  type: "Type of school",
  numberOnRoll: "Number on roll",
  postcode: "Postcode",
  status: "Status",
  openedOn: "Date it opened",
  closedOn: "Date it closed",
} as const;

/** The fingerprint of a school's details as its edit page shows them (editVersion). Pure: the school was read for an actor already. */
export function schoolVersion(school: Record<keyof typeof SCHOOL_FORM_FIELDS, unknown>): string {
  return editVersion(school, Object.keys(SCHOOL_FORM_FIELDS));
}

/**
 * Every rule a school's details must meet: the form's (checked again here, so no caller can skip them)
 * and those that need the database: a URN used once, a locality that exists in the school's local authority.
 */
async function checkSchool(db: Db, input: SchoolInput, schoolId?: string): Promise<{ value: SchoolInput } | { fieldErrors: FieldErrors }> {
  const parsed = schoolSchema.safeParse(input);
  if (!parsed.success) return { fieldErrors: parsed.error.flatten().fieldErrors as FieldErrors };
  const value = parsed.data;
  const fieldErrors: FieldErrors = {};
  const sameUrn = await db.school.findUnique({ where: { urn: value.urn }, select: { id: true, name: true } });
  if (sameUrn && sameUrn.id !== schoolId) fieldErrors.urn = [`URN ${value.urn} is already used by ${sameUrn.name}`];
  if (value.localityId) {
    const locality = await db.locality.findUnique({ where: { id: value.localityId } });
    if (!locality) fieldErrors.localityId = ["Choose a locality from the list"];
    else if (locality.localAuthority !== value.localAuthority) {
      fieldErrors.localityId = [`${locality.name} is in ${locality.localAuthority}. Choose a locality in ${value.localAuthority}`];
    }
  }
  return Object.keys(fieldErrors).length > 0 ? { fieldErrors } : { value };
}

/**
 * Field errors for an opening or closing day changed to one the school's own records contradict (an
 * opening after a session held, a closing before one), or null. A day left as it was is not checked
 * again, so a record made before this rule can still be saved unchanged (decision 0116).
 */
async function daysRefusedByRecords(db: Db, schoolId: string, stored: SchoolFacts, value: SchoolInput): Promise<FieldErrors | null> {
  const changed = {
    openedOn: value.openedOn && value.openedOn !== stored.openedOn ? value.openedOn : null,
    closedOn: value.closedOn && value.closedOn !== stored.closedOn ? value.closedOn : null,
  };
  if (!changed.openedOn && !changed.closedOn) return null;
  const refused = daysAgainstRecords(changed, (await recordedDaysOf(db, [schoolId])).get(schoolId));
  const fieldErrors: FieldErrors = {};
  if (refused.openedOn) {
    // A survey nobody has answered counts only while it is open: closing it takes it out of the records.
    const orClose = refused.openedOn.kind === "open-survey" ? ", or close that survey first if it should not count" : "";
    fieldErrors.openedOn = [
      `Its records show ${describeRecordedDay(refused.openedOn)}, so it had opened by then. Enter that day or an earlier one, or leave the date empty${orClose}`,
    ];
  }
  if (refused.closedOn) {
    fieldErrors.closedOn = [
      `Its records show ${describeRecordedDay(refused.closedOn)}, so it had not closed before then. Enter that day or a later one, or leave the date empty`,
    ];
  }
  return Object.keys(fieldErrors).length > 0 ? fieldErrors : null;
}

function toData(value: SchoolInput) {
  return {
    urn: value.urn,
    name: value.name,
    localAuthority: value.localAuthority,
    localityId: value.localityId || null,
    type: value.type,
    numberOnRoll: value.numberOnRoll ?? null,
    postcode: value.postcode ?? null,
    status: value.status,
    openedOn: value.openedOn ? londonDayStart(value.openedOn) : null,
    closedOn: value.closedOn ? londonDayStart(value.closedOn) : null,
  };
}

type StoredSchool = Omit<SchoolFacts, "locality" | "openedOn" | "closedOn"> & {
  locality: { id: string; name: string } | null;
  openedOn: Date | null;
  closedOn: Date | null;
};

/** The facts of a school as stored (dates as instants) that are compared and audited. Pure: reads no data, so no actor. */
export function factsOf(school: StoredSchool): SchoolFacts {
  const { urn, name, localAuthority, locality, type, numberOnRoll, postcode, status, openedOn, closedOn } = school;
  return {
    urn,
    name,
    localAuthority,
    locality: locality ? { id: locality.id, name: locality.name } : null,
    type,
    numberOnRoll,
    postcode,
    status,
    openedOn: openedOn ? londonDateInputValue(openedOn) : null,
    closedOn: closedOn ? londonDateInputValue(closedOn) : null,
  };
}

const duplicateUrn = (urn: string): SchoolResult => ({ ok: false, fieldErrors: { urn: [`URN ${urn} is already used by another school`] } });

/**
 * Adds a school after checking every rule (`checkSchool`). The same form sent again (`input.formToken`: a
 * double click, a retry) adds nothing more and returns the school the first sending added, with `repeat`,
 * in place of "URN … is already used by …" (decision 0147); a 404 response if that school has gone since.
 * Sent again with other details, it is refused whole (SentWithOtherDetails, decision 0178). Throws a 403
 * response unless the actor may manage schools.
 */
export async function createSchool(actor: Actor, input: SchoolInput): Promise<SchoolResult | SentWithOtherDetails> {
  assertCan(actor, "schools:manage");
  let once: { saved: SchoolResult } | SentBefore;
  try {
    once = await saveOnce(input.formToken, "School", input, (note) =>
      prisma.$transaction(async (tx): Promise<SchoolResult> => {
        const checked = await checkSchool(tx, input);
        if ("fieldErrors" in checked) return { ok: false, fieldErrors: checked.fieldErrors };
        const school = await tx.school.create({ data: toData(checked.value) });
        await recordAudit({ actor, action: "create", entityType: "School", entityId: school.id, summary: `Added ${school.name} (URN ${school.urn})` }, tx);
        await note(tx, [school.id]);
        return { ok: true, school: { id: school.id, name: school.name }, changed: true };
      }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) return duplicateUrn(input.urn);
    throw error;
  }
  // The first sending's school, if it is still there (else a 404, as for any school gone).
  return answerSentBefore(once, {
    find: (ids) => prisma.school.findUnique({ where: { id: ids[0] }, select: { id: true, name: true } }),
    what: "school",
    repeat: (first): SchoolResult => ({ ok: true, school: first, changed: false, repeat: true }),
    made: (first) => `${first.name} added`,
  });
}

/**
 * Saves a school's details; returns null when there is no such school. Saving with nothing changed
 * writes nothing. With `input.version`, the fingerprint its edit page showed (schoolVersion), a save
 * after another changed the school's details is refused with `changedMeanwhile` (decision 0148).
 * Throws a 403 response unless the actor may manage schools.
 */
export async function updateSchool(actor: Actor, schoolId: string, input: SchoolInput, now = new Date()): Promise<SchoolResult | ChangedMeanwhile | null> {
  assertCan(actor, "schools:manage");
  let result: SchoolResult | ChangedMeanwhile | null;
  let withdrawn: Withdrawn = NOTHING_WITHDRAWN;
  try {
    result = await prisma.$transaction(async (tx) => {
      const before = await tx.school.findUnique({ where: { id: schoolId }, include: { locality: true } });
      if (!before) return null;
      const checked = await checkSchool(tx, input, schoolId);
      if ("fieldErrors" in checked) return { ok: false, fieldErrors: checked.fieldErrors };
      const refused = await daysRefusedByRecords(tx, schoolId, factsOf(before), checked.value);
      if (refused) return { ok: false, fieldErrors: refused };
      const data = toData(checked.value);
      const locality = data.localityId ? await tx.locality.findUniqueOrThrow({ where: { id: data.localityId } }) : null;
      const changes = schoolChanges(factsOf(before), factsOf({ ...data, locality }));
      if (changes.length === 0) return { ok: true, school: { id: before.id, name: before.name }, changed: false };
      const stale = changedMeanwhile(before, data, SCHOOL_FORM_FIELDS, input.version);
      if (stale) return stale;
      const school = await tx.school.update({ where: { id: schoolId }, data });
      // The sessions it reached now count in its new locality.
      if (changes.some((change) => change.field === "locality")) await recountDeliveryLocalities(tx, { schoolIds: [schoolId] });
      await recordAudit(
        { actor, action: "update", entityType: "School", entityId: school.id, summary: `${describeChanges(changes)} (${school.name}, URN ${school.urn})` },
        tx,
      );
      if (before.status !== "CLOSED" && school.status === "CLOSED") {
        // A school closed takes no more answers to its surveys, as it opens no new ones (decision 0144),
        // and gives up its places on sessions still to come (decision 0145).
        await closeRunsOf(tx, { schoolId }, now);
        withdrawn = await withdrawFromSessions(tx, actor, [schoolId], now);
      }
      // Counted after a closing has cancelled the bookings still to come, so none is counted twice.
      const newOpening = school.openedOn && school.openedOn.getTime() !== before.openedOn?.getTime() ? school.openedOn : null;
      const bookedBeforeOpening = newOpening ? ((await bookingsBeforeOpening(tx, new Map([[schoolId, newOpening]]))).get(schoolId) ?? 0) : 0;
      return { ok: true, school: { id: school.id, name: school.name }, changed: true, ...(bookedBeforeOpening > 0 ? { bookedBeforeOpening } : {}) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return duplicateUrn(input.urn);
    throw error;
  }
  if (!result || !result.ok || withdrawn.bookings.length + withdrawn.waitingLists + withdrawn.offers.length === 0) return result;
  return { ...result, withdrawn: await tellOfWithdrawn(withdrawn) };
}
