/**
 * Reach school by school: the gaps the lead targets next, one school's history across the years, and the
 * view school staff get of their own school beside averages. The figures are those of reach.server.ts.
 */
import { assertCan, assertCanSeeSchool, ownSchoolId, type Actor } from "~/auth/actor";
import { prisma } from "~/db.server";
import { paginate, pageWithin } from "~/lib/pagination";
import { roundHalfAwayFromZero } from "~/lib/rounding";
import { pupilsRecorded } from "~/lib/year-groups";
import { attendanceReturnDueWhere, awaitsAttendanceReturn, isUnansweredRequest, schoolBookingGroupOf } from "~/lib/statuses";
import {
  filterPeriod,
  MIN_OTHER_SCHOOLS_FOR_LOCALITY_AVERAGE,
  MIN_SCHOOLS_BEHIND_AN_AVERAGE,
  reachYears,
  type Period,
  type ReachFilters,
} from "~/models/reach-rules";
import { notFound } from "~/lib/responses.server";
import { yearLabel } from "~/models/reach-comparison";
import { isSmallCount } from "./disclosure";
import { isListed, localitiesOf, NO_SCOPE, openInPeriod, schoolReachRows, scopeOf, topicTitles, wholeSpan, type SchoolReach } from "./reach.server";
import { readingOnceEach, type QueryFilters } from "./reach-queries.server";
import { sessionFigures } from "./reach-sessions.server";
import { schoolsWithSmallParts, type PublishedCount } from "./reach-small-cells.server";

const GAP_PAGE_SIZE = 25;
const LOWEST_LOCALITIES = 10;

/**
 * The schools in scope reached by at least one session in the period (the rows' `deliveries > 0`), read
 * from each school's sessions alone: the gaps need no other figure of the years they look back on.
 */
async function schoolsReached(scope: QueryFilters, period: Period): Promise<Set<string>> {
  const { bySchool } = await sessionFigures(scope, period, { withTopics: false, charts: false, deliveries: false });
  return new Set([...bySchool].filter(([, own]) => own.sessions > 0).map(([id]) => id));
}

const byRollDescending = (a: SchoolReach, b: SchoolReach) => (b.numberOnRoll ?? -1) - (a.numberOnRoll ?? -1) || a.name.localeCompare(b.name, "en-GB");

/**
 * Where the lead should go next: open schools not reached in the period, those not reached by any
 * session in this academic year or the one before, largest first, and the localities with the lowest coverage.
 */
export const getReachGaps = readingOnceEach(async function getReachGaps(
  actor: Actor,
  filters: ReachFilters,
  pages: { notReached: number; twoYears: number },
  now: Date = new Date(),
) {
  assertCan(actor, "reach:read-all");
  const scope = scopeOf(filters);
  const span = wholeSpan(filters);
  // The gaps list schools not reached (who have no topics) and localities' coverage: no topics, charts or
  // counts of deliveries are read.
  const twoYearsPeriod = { start: filterPeriod({ year: filters.year - 1, term: null }).start, end: filterPeriod({ year: filters.year, term: null }).end };
  const sessions = await sessionFigures(scope, span.period, { withTopics: false, charts: false, deliveries: false, recordedBefore: span.recordedBefore });
  const [current, thisYear, lastYear, awaited] = await Promise.all([
    schoolReachRows(scope, span, new Map(), sessions),
    filters.term ? schoolsReached(scope, wholeSpan({ year: filters.year, term: null }).period) : null,
    schoolsReached(scope, wholeSpan({ year: filters.year - 1, term: null }).period),
    returnsAwaited(twoYearsPeriod, filters.topicId, now),
  ]);
  const recent = new Set([...(thisYear ?? current.filter((r) => r.deliveries > 0).map((r) => r.id)), ...lastYear]);
  const open = current.filter(openInPeriod);
  const notReached = open.filter((r) => r.deliveries === 0).sort(byRollDescending);
  const twoYears = open.filter((r) => !recent.has(r.id)).sort(byRollDescending);
  const localities = localitiesOf(current.filter(isListed), null)
    .filter((l) => l.openSchools > 0)
    .sort((a, b) => (a.coverage ?? 0) - (b.coverage ?? 0) || b.openSchools - a.openSchools || a.name.localeCompare(b.name))
    .slice(0, LOWEST_LOCALITIES);
  const awaitedIn = (period: Period, schools: readonly SchoolReach[]) => {
    const bySchool = new Map<string, ReturnsAwaited>();
    for (const r of awaited) {
      if (r.startsAt < period.start || r.startsAt >= period.end) continue;
      const seen = bySchool.get(r.schoolId);
      bySchool.set(r.schoolId, { sessions: (seen?.sessions ?? 0) + 1, lastEndsAt: seen && seen.lastEndsAt > r.endsAt ? seen.lastEndsAt : r.endsAt });
    }
    return new Map(schools.filter((school) => bySchool.has(school.id)).map((school) => [school.id, bySchool.get(school.id)!]));
  };
  const notReachedAwaited = awaitedIn(span.period, notReached);
  const twoYearsAwaited = awaitedIn(twoYearsPeriod, twoYears);
  const gap = (schools: SchoolReach[], page: number, awaitedBySchool: Map<string, ReturnsAwaited>) => {
    const shown = paginate(schools, page, GAP_PAGE_SIZE);
    return {
      ...shown,
      roll: schools.reduce((t, r) => t + (r.numberOnRoll ?? 0), 0),
      /** How many of the schools had a session whose attendance return is not recorded: they may have been reached. */
      awaitingReturns: awaitedBySchool.size,
      /** The schools shown with such sessions: how many, and when the last ended (ISO). */
      returnsAwaited: Object.fromEntries(
        shown.items.flatMap((school) => {
          const found = awaitedBySchool.get(school.id);
          return found ? [[school.id, { sessions: found.sessions, lastEndsAt: found.lastEndsAt.toISOString() }]] : [];
        }),
      ),
    };
  };
  return {
    openSchools: open.length,
    notReached: gap(notReached, pages.notReached, notReachedAwaited),
    twoYears: gap(twoYears, pages.twoYears, twoYearsAwaited),
    localities,
  };
});

type ReturnsAwaited = { sessions: number; lastEndsAt: Date };

/**
 * Every booking of a session that began in `period` (of the topic `topicId`, when given) and awaits its
 * attendance return at `now` (attendanceReturnDueWhere: confirmed, its session scheduled and ended): its
 * school and its session's start and end. Reach counts no pupil for such a session until the return is
 * recorded, so a school listed as not reached may have been. A few hundred rows at most in practice: the
 * lead chases each one.
 */
async function returnsAwaited(period: Period, topicId: string | null, now: Date) {
  const due = attendanceReturnDueWhere(now);
  const rows = await prisma.booking.findMany({
    where: { ...due, delivery: { ...due.delivery, startsAt: { gte: period.start, lt: period.end }, ...(topicId ? { topicId } : {}) } },
    select: { schoolId: true, delivery: { select: { startsAt: true, endsAt: true } } },
  });
  return rows.map((r) => ({ schoolId: r.schoolId, startsAt: r.delivery.startsAt, endsAt: r.delivery.endsAt }));
}

const HISTORY_PAGE_SIZE = 25;

/**
 * One school's reach in every academic year, and its sessions (including those cancelled or that did
 * not happen, which reach nobody), a page at a time (`deliveriesPage`; a page past the end shows the last,
 * `pageWithin`). The lead sees any school; school staff only their own.
 */
export const getSchoolReachHistory = readingOnceEach(async function getSchoolReachHistory(
  actor: Actor,
  schoolId: string,
  page: number,
  now: Date = new Date(),
) {
  assertCanSeeSchool(actor, schoolId);
  const school = await prisma.school.findUnique({ where: { id: schoolId }, include: { locality: { select: { name: true } } } });
  if (!school) notFound("school");
  const titles = await topicTitles();
  const years = reachYears(now);
  const rows = await Promise.all(
    years.map(async (year) => ({
      year,
      label: yearLabel(year, now),
      figures: (await schoolReachRows({ ...NO_SCOPE, schoolId }, wholeSpan({ year, term: null }), titles))[0]!,
    })),
  );
  const where = { schoolId };
  const total = await prisma.booking.count({ where });
  const shown = pageWithin(page, total, HISTORY_PAGE_SIZE);
  const bookings = await prisma.booking.findMany({
    where,
    orderBy: [{ delivery: { startsAt: "desc" } }, { id: "asc" }],
    skip: shown.skip,
    take: shown.take,
    select: {
      id: true,
      status: true,
      delivery: { select: { startsAt: true, endsAt: true, status: true, format: true, topic: { select: { title: true } } } },
      attendance: { select: { counts: { select: { pupils: true } } } },
    },
  });
  return {
    school: {
      id: school.id,
      name: school.name,
      urn: school.urn,
      type: school.type,
      numberOnRoll: school.numberOnRoll,
      locality: school.locality?.name ?? null,
      localAuthority: school.localAuthority,
      open: school.status === "OPEN",
      closedOn: school.status === "CLOSED" ? school.closedOn : null,
    },
    years: rows,
    sessions: bookings.map((b) => ({
      id: b.id,
      startsAt: b.delivery.startsAt.toISOString(),
      endsAt: b.delivery.endsAt.toISOString(),
      topic: b.delivery.topic.title,
      format: b.delivery.format,
      bookingStatus: b.status,
      deliveryStatus: b.delivery.status,
      // Named as the school's own pages name them: a confirmed session that has ended owes its return.
      returnDue: awaitsAttendanceReturn(b, now),
      upcoming: schoolBookingGroupOf(b, now) === "UPCOMING",
      unanswered: isUnansweredRequest(b, now),
      // Only a delivered booking on a delivery that went ahead reached anyone.
      pupils: b.status === "DELIVERED" && b.delivery.status === "SCHEDULED" ? pupilsRecorded(b.attendance?.counts ?? []) : null,
    })),
    deliveriesPage: { page: shown.page, pageCount: shown.pageCount, total },
  };
});

/**
 * Averages over a group of schools, as school staff may see them: already rounded as the page shows them
 * (no more precise figure leaves the server), and null, with the reason in `withheld`, for a figure
 * - about pupils when any school in the group has a count of 1 to 4 of it, in the year or in any term or
 *   topic of it, since the group's average with the reader's own exact figure (and the published files for
 *   the year and each term and topic) would give that count back (app/models/disclosure.ts, decisions 0045
 *   and 0109): "small";
 * - that only 1 or 2 schools of the group have at all (MIN_SCHOOLS_BEHIND_AN_AVERAGE): the average times the
 *   number of schools, which is public, is then one school's figure, or two schools' sum: "few";
 * - sessions, wherever the pupils' average is withheld: "with pupils" (unless too few schools have any sessions, "few").
 */
export type ReachAverages = {
  schools: number;
  pupils: number | null;
  deliveries: number | null;
  share: number | null;
  mentorsTrained: number | null;
  mvpPupils: number | null;
  surveyResponses: number | null;
  /** Why a figure's average is not given: a school with 1 to 4, too few schools with any, or (the share) too few with a known roll. */
  withheld: Partial<Record<AveragedFigure | "share", "small" | "few" | "few rolls" | "with pupils">>;
};

type AveragedFigure = PublishedCount | "deliveries";

/** A share to what the page shows of it (formatPercent): whole percentage points, tenths under 1%. */
const roundedShare = (share: number) => roundHalfAwayFromZero(share, share < 0.01 ? 3 : 2);

/**
 * The mean over schools of each figure (share over the schools with a known roll), as ReachAverages says;
 * `smallParts` are the year's schools with a small count in a term or topic (schoolsWithSmallParts).
 */
function averagesOf(rows: readonly SchoolReach[], smallParts: Record<PublishedCount, Set<string>>): ReachAverages | null {
  if (rows.length === 0) return null;
  const withheld: ReachAverages["withheld"] = {};
  const mean = (figure: AveragedFigure, places: number) => {
    const having = rows.filter((r) => r[figure] > 0).length;
    if (having > 0 && having < MIN_SCHOOLS_BEHIND_AN_AVERAGE) {
      withheld[figure] = "few";
      return null;
    }
    return roundHalfAwayFromZero(rows.reduce((t, r) => t + r[figure], 0) / rows.length, places);
  };
  const ofPupils = (count: PublishedCount) => {
    if (rows.some((r) => isSmallCount(r[count]) || smallParts[count].has(r.id))) {
      withheld[count] = "small";
      return null;
    }
    return mean(count, 0);
  };
  const pupils = ofPupils("pupils");
  const shares = rows.map((r) => r.share).filter((s): s is number => s !== null);
  // The share is a mean over the schools with a known roll only: with the rest's rolls blank, a mean of
  // three schools' pupils could be one school's share, which its public roll turns into its pupils. So it
  // asks as many schools behind it as the pupils' mean does, among those it is taken over.
  const sharesHaving = shares.filter((share) => share > 0).length;
  const fewShares = sharesHaving > 0 && sharesHaving < MIN_SCHOOLS_BEHIND_AN_AVERAGE;
  if (pupils !== null && fewShares) withheld.share = "few rolls";
  // Each session a school is counted for reached at least one pupil, so the sessions' sum (which their
  // average, to one decimal over fewer than 10 schools, gives exactly) is a floor under the pupils: beside
  // the published files' "<5" sessions it can pin a "<5" of pupils. So it is given only with the pupils'
  // average, as the published files give sessions only as the pupils beside them (decision 0165).
  if (pupils === null) withheld.deliveries ??= "with pupils";
  return {
    schools: rows.length,
    pupils,
    deliveries: pupils === null ? null : mean("deliveries", 1),
    // A share of the public roll gives the pupils back, so it goes with them; whole percentage points.
    share: pupils === null || fewShares || !shares.length ? null : roundedShare(shares.reduce((t, s) => t + s, 0) / shares.length),
    mentorsTrained: ofPupils("mentorsTrained"),
    mvpPupils: ofPupils("mvpPupils"),
    surveyResponses: ofPupils("surveyResponses"),
    withheld,
  };
}

/**
 * What school staff see: their own school's figures each year beside the average over the other open
 * schools of their locality and of the whole area. Only averages leave this function, never another
 * school's row. The reader's own school is never in an average: a reader who can change their own figure
 * (by correcting an attendance return, say) and watch where a rounded average ticks over would otherwise
 * pin the exact total of the other schools, and by doing it again a single session's small count
 * (decision 0015, amended).
 */
export const getOwnSchoolReach = readingOnceEach(async function getOwnSchoolReach(actor: Actor, now: Date = new Date()) {
  const schoolId = ownSchoolId(actor, "reach:read-own");
  const school = await prisma.school.findUniqueOrThrow({ where: { id: schoolId }, include: { locality: { select: { name: true } } } });
  const titles = await topicTitles();
  const years = reachYears(now);
  const perYear = await Promise.all(
    years.map(async (year) => {
      const [rows, smallParts] = await Promise.all([schoolReachRows(NO_SCOPE, wholeSpan({ year, term: null }), titles), schoolsWithSmallParts(NO_SCOPE, year)]);
      const own = rows.find((r) => r.id === schoolId)!;
      // The year's open schools, as the lead's coverage counts them (openInPeriod, decision 0158).
      const others = rows.filter((r) => openInPeriod(r) && r.id !== schoolId);
      const neighbours = school.localityId ? others.filter((r) => r.localityId === school.localityId) : [];
      return {
        year,
        label: yearLabel(year, now),
        own: {
          pupils: own.pupils,
          deliveries: own.deliveries,
          share: own.share,
          mentorsTrained: own.mentorsTrained,
          mvpPupils: own.mvpPupils,
          surveyResponses: own.surveyResponses,
          topics: own.topics,
          mvpStage: own.mvpStage,
        },
        locality: neighbours.length >= MIN_OTHER_SCHOOLS_FOR_LOCALITY_AVERAGE ? averagesOf(neighbours, smallParts) : null,
        area: averagesOf(others, smallParts),
      };
    }),
  );
  return {
    school: { id: school.id, name: school.name, locality: school.locality?.name ?? null },
    localityTooSmall: perYear.every((y) => y.locality === null) && school.localityId !== null,
    years: perYear,
  };
});
