/**
 * Reach: who the programmes reached, where, and where not yet. Every figure is worked out here from the
 * aggregate queries in reach-queries.server.ts; pages and exports only present it.
 *
 * - Pupils reached: attendance on delivered bookings of deliveries that went ahead, in the period.
 * - Deliveries: deliveries that reached at least one school in scope (an online workshop counts once).
 * - Coverage: open schools reached by at least one session, out of the schools in scope open in the
 *   period, by their opening and closing days or because a session reached them then (openInPeriod).
 * - Share of roll: pupils reached at those open schools ÷ their number on roll. Pupils who attend
 *   two sessions count twice, as in every attendance figure, so a school can pass 100%.
 * - MVP: mentors trained in the year's cohorts; pupils reached by mentor-led lessons, counted by class.
 * - Surveys: responses in the year's runs; the change in each core item before and after sessions.
 * Term and topic narrow sessions (and mentor-led lessons by term, surveys by topic); mentors trained
 * and survey figures are for the whole academic year (docs/decisions/0014-reach-figures.md).
 */
import { allProblems, readChoices, readYearChoice, type FilterProblems } from "~/lib/filter-choices";
import { assertCan, type Actor } from "~/auth/actor";
import { academicYearOf, TERMS, type Term } from "~/lib/academic-year";
import { mvpStage, MVP_STAGES, type MvpStage } from "~/lib/mvp";
import { paginate } from "~/lib/pagination";
import { SCHOOL_TYPES } from "~/lib/schools";
import { headlineComparison } from "~/models/reach-comparison";
import {
  filterPeriod,
  monthsOf,
  openDuring,
  reachYears,
  SCHOOL_PAGE_SIZE,
  schoolGroup,
  share,
  type Period,
  type ReachFilters,
  type SchoolTableOptions,
} from "~/models/reach-rules";
import { changeBetween, phaseFigures, type CoreItemChange, type PhaseFigures } from "~/lib/survey-scoring";
import {
  coreItemAnswers,
  coreItemPrompts,
  lessonReachBySchool,
  mentorsBySchool,
  reachRows,
  readingOnceEach,
  schoolsInScope,
  staffTrainedSoFar,
  surveyResponsesBySchool,
  type CoreItemRow,
  type CutOff,
  type QueryFilters,
} from "./reach-queries.server";
import { sessionFigures, type SessionFigures } from "./reach-sessions.server";
import { tallyMonth } from "./tallies.server";

export type SchoolReach = {
  id: string;
  name: string;
  urn: string;
  type: string;
  numberOnRoll: number | null;
  /** Open today (a closed school is marked so on every page). */
  open: boolean;
  /** Open for some of the span, by its opening and closing days (`openDuring`). */
  openInSpan: boolean;
  /** Reached by a session of any topic in the span, whatever the topic filter: it was open then (openInPeriod). */
  reachedInSpan: boolean;
  localAuthority: string;
  localityId: string | null;
  locality: string | null;
  pupils: number;
  share: number | null;
  deliveries: number;
  topics: string[];
  lastDelivery: string | null;
  mvpStage: MvpStage;
  mentorsTrained: number;
  mvpPupils: number;
  surveyResponses: number;
};

export const scopeOf = (f: ReachFilters | QueryFilters): QueryFilters => ({
  localAuthority: f.localAuthority,
  localityId: f.localityId,
  schoolType: f.schoolType,
  topicId: f.topicId,
  schoolId: "schoolId" in f ? f.schoolId : null,
});

/** No filter: every school in the area. */
export const NO_SCOPE: QueryFilters = { localAuthority: null, localityId: null, schoolType: null, topicId: null, schoolId: null };

/** Every topic's title by id: read through reach's connection, so kept until anything changes. */
export async function topicTitles(): Promise<Map<string, string>> {
  const topics = await reachRows<{ id: string; title: string }>({ sql: `SELECT t."id" AS "id", t."title" AS "title" FROM "Topic" t`, params: [] });
  return new Map(topics.map((t) => [t.id, t.title]));
}

/** `items` in lists by `key`, each list in the order of `items`, the keys in the order first met. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * The span a set of figures covers: an academic year, the dated period within it (the year, a term, or
 * either up to a date) and, for a span "to date", the cut-off that undated-by-period records (mentors
 * trained, staff trained, survey runs) must fall before. See app/models/reach-comparison.ts.
 */
export type ReachSpan = {
  year: number;
  period: Period;
  cutOff: CutOff;
  /**
   * Read the span's records as they stood at this moment, or as they stand now (null): the same dates a
   * year earlier, set beside a year so far, leave out returns, lessons and staff training recorded after
   * the same date a year earlier, as this year's not yet recorded are not there either (decision 0137).
   */
  recordedBefore: Date | null;
};

/** The whole year or term the filters name. */
export function wholeSpan(filters: Pick<ReachFilters, "year" | "term">): ReachSpan {
  return { year: filters.year, period: filterPeriod(filters), cutOff: null, recordedBefore: null };
}

/**
 * Every school in scope with its figures for the span; callers choose which to show. `sessions` are the
 * span's session figures when the caller already has them, or is reading them: the other figures are read
 * meanwhile.
 */
export async function schoolReachRows(
  scope: QueryFilters,
  span: ReachSpan,
  titles?: Map<string, string>,
  sessions?: SessionFigures | Promise<SessionFigures>,
): Promise<SchoolReach[]> {
  const { year, period, cutOff, recordedBefore } = span;
  const [schools, reached, lessons, mentors, staff, surveys, topics] = await Promise.all([
    schoolsInScope(scope),
    sessions ?? sessionFigures(scope, period, { recordedBefore }),
    lessonReachBySchool(scope, year, [period], { cutOff, asAt: recordedBefore }),
    mentorsBySchool(scope, year, cutOff),
    staffTrainedSoFar(scope, year, cutOff, recordedBefore),
    surveyResponsesBySchool(scope, year, cutOff, recordedBefore),
    titles ?? topicTitles(),
  ]);
  const deliveriesOf = reached.bySchool;
  // Whether a school not open in the span by its days was open then does not depend on the topic shown:
  // with a topic filter, such schools' sessions of every topic are read too (few rows: only they need it).
  const notOpenByDaysInScope = schools.some((school) => !openDuring(school, period));
  const anyTopic =
    scope.topicId && notOpenByDaysInScope
      ? (await sessionFigures({ ...scope, topicId: null }, period, { withTopics: false, charts: false, deliveries: false, recordedBefore })).bySchool
      : deliveriesOf;
  const lessonsOf = new Map(lessons.map((l) => [l.schoolId, l]));
  const mentorsOf = new Map(mentors.map((m) => [m.schoolId, m]));
  return schools.map((school) => {
    const own = deliveriesOf.get(school.id);
    const ownLessons = lessonsOf.get(school.id);
    const cohorts = mentorsOf.get(school.id);
    const pupils = own?.pupils ?? 0;
    return {
      id: school.id,
      name: school.name,
      urn: school.urn,
      type: school.type,
      numberOnRoll: school.numberOnRoll,
      open: school.status === "OPEN",
      openInSpan: openDuring(school, period),
      reachedInSpan: (anyTopic.get(school.id)?.sessions ?? 0) > 0,
      localAuthority: school.localAuthority,
      localityId: school.localityId,
      locality: school.locality,
      pupils,
      share: school.numberOnRoll ? share(pupils, school.numberOnRoll) : null,
      deliveries: own?.sessions ?? 0,
      topics: own?.topicIds.size ? [...own.topicIds].map((id) => topics.get(id) ?? "Unknown topic").sort() : [],
      lastDelivery: own?.lastAt ?? null,
      mvpStage: mvpStage({
        lessons: ownLessons?.lessonsInYear ?? 0,
        mentors: cohorts?.mentors ?? 0,
        mentorsTrained: cohorts?.mentorsTrained ?? 0,
        staffTrainedSoFar: staff.get(school.id) ?? 0,
      }),
      mentorsTrained: cohorts?.mentorsTrained ?? 0,
      mvpPupils: ownLessons?.periods[0]!.pupilsReachedOnce ?? 0,
      surveyResponses: surveys.get(school.id) ?? 0,
    };
  });
}

/**
 * Whether a school counts among a period's open schools (coverage, share of roll, the gaps): open for
 * some of the period by its opening and closing days (`openDuring`, decision 0158), or reached by a
 * session of any topic in the period (a topic filter does not change it), as it was open then. Without
 * the second, a school closed since on a day not known would be left out of the years it was reached
 * while its pupils were counted: "220 pupils reached, 0 of 2 schools" (decision 0014, amended).
 */
export const openInPeriod = (row: Pick<SchoolReach, "openInSpan" | "reachedInSpan">) => row.openInSpan || row.reachedInSpan;

/** Open schools, and closed ones that were reached: closing does not undo last year's sessions. */
export const isListed = (row: SchoolReach) => openInPeriod(row) || row.mvpPupils > 0 || row.mentorsTrained > 0 || row.surveyResponses > 0;

/**
 * A count of pupils (or mentors, or survey responses) as a page shows it: the exact number on the lead's own
 * screens, or, on a report that leaves the platform, its published form (`publishedCount`: 0, "<5", or
 * rounded down to five) or "withheld" (secondary suppression, decisions 0045 and 0109).
 */
export type ShownCount = number | "<5" | "withheld";

/** The headline figures; `C` is how counts of people are shown (exact numbers unless published). */
export type Headline<C extends ShownCount = number> = {
  pupils: C;
  /** Sessions: shown as the pupils beside them are, since each recorded at least one pupil (decision 0165). */
  deliveries: C;
  schoolsReached: number;
  openSchools: number;
  coverage: number | null;
  /** Share of the roll reached; null where unknown, and on published reports (with the public roll it gives the count). */
  rollShare: number | null;
  mentorsTrained: C;
  mvpPupils: C;
  surveyResponses: C;
};

function headlineOf(rows: readonly SchoolReach[], deliveries: number): Headline {
  const open = rows.filter(openInPeriod);
  const withRoll = open.filter((r) => r.numberOnRoll);
  const reached = open.filter((r) => r.deliveries > 0).length;
  const sum = (list: readonly SchoolReach[], key: (r: SchoolReach) => number) => list.reduce((total, r) => total + key(r), 0);
  return {
    pupils: sum(rows, (r) => r.pupils),
    deliveries,
    schoolsReached: reached,
    openSchools: open.length,
    coverage: share(reached, open.length),
    rollShare: share(
      sum(withRoll, (r) => r.pupils),
      sum(withRoll, (r) => r.numberOnRoll ?? 0),
    ),
    mentorsTrained: sum(rows, (r) => r.mentorsTrained),
    mvpPupils: sum(rows, (r) => r.mvpPupils),
    surveyResponses: sum(rows, (r) => r.surveyResponses),
  };
}

/** One locality's figures; `C` is how counts of people are shown, as in `Headline`. */
export type LocalityReach<C extends ShownCount = number> = {
  id: string | null;
  name: string;
  localAuthority: string;
  openSchools: number;
  schoolsReached: number;
  coverage: number | null;
  pupils: C;
  roll: number;
  rollShare: number | null;
  deliveries: C;
  mentorsTrained: C;
  mvpPupils: C;
  surveyResponses: C;
};

/**
 * Localities with their figures, from the school rows; schools with no locality make their own row.
 * `deliveriesByLocality` is `SessionFigures.deliveriesByLocality` for the same scope and period (a
 * delivery shared by several of a locality's schools counts once, so it is not the sum of the rows), or
 * null for a page that shows no sessions per locality, whose rows then have no `deliveries` at all.
 */
export function localitiesOf(rows: readonly SchoolReach[], deliveriesByLocality: ReadonlyMap<string, number>): LocalityReach[];
export function localitiesOf(rows: readonly SchoolReach[], deliveriesByLocality: null): Omit<LocalityReach, "deliveries">[];
export function localitiesOf(rows: readonly SchoolReach[], deliveriesByLocality: ReadonlyMap<string, number> | null) {
  return [...groupBy(rows, (r) => r.localityId ?? "")]
    .map(([id, schools]) => {
      const head = headlineOf(schools, 0);
      const withRoll = schools.filter((s) => openInPeriod(s) && s.numberOnRoll);
      return {
        id: id || null,
        name: schools[0]!.locality ?? "No locality",
        localAuthority: [...new Set(schools.map((s) => s.localAuthority))].join(", "),
        openSchools: head.openSchools,
        schoolsReached: head.schoolsReached,
        coverage: head.coverage,
        pupils: head.pupils,
        roll: withRoll.reduce((total, s) => total + (s.numberOnRoll ?? 0), 0),
        rollShare: head.rollShare,
        ...(deliveriesByLocality ? { deliveries: deliveriesByLocality.get(id) ?? 0 } : {}),
        mentorsTrained: head.mentorsTrained,
        mvpPupils: head.mvpPupils,
        surveyResponses: head.surveyResponses,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, "en-GB"));
}

/** A core item's exact figures before and after (published, the board report gives `PublishedCoreItem`). */
export type CoreItemResult = {
  coreKey: string;
  prompt: string;
  reverseScored: boolean;
  before: PhaseFigures;
  after: PhaseFigures;
  change: CoreItemChange;
};

const CORE_ORDER = ["law", "knife-safer", "where-help", "tell-adult"];

/**
 * Before and after figures for each core item, from summed rows (`coreItemAnswers`) and each item's wording
 * (`coreItemPrompts`), in the items' usual order; those from fewer than 10 responses are left empty.
 */
export function coreItemResults(rows: readonly CoreItemRow[], prompts: Map<string, { prompt: string; reverseScored: boolean }>): CoreItemResult[] {
  const keys = [...new Set(rows.map((r) => r.coreKey))].sort(
    (a, b) => (CORE_ORDER.indexOf(a) + 1 || 99) - (CORE_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );
  const figures = (key: string, phase: "BEFORE" | "AFTER") => {
    const row = rows.find((r) => r.coreKey === key && r.phase === phase);
    return row ? phaseFigures(row.responses, row.counted, row.agreeing, row.scoreSum) : phaseFigures(0, 0, 0, 0);
  };
  return keys.map((coreKey) => {
    const before = figures(coreKey, "BEFORE");
    const after = figures(coreKey, "AFTER");
    const wording = prompts.get(coreKey);
    return { coreKey, prompt: wording?.prompt ?? coreKey, reverseScored: wording?.reverseScored ?? false, before, after, change: changeBetween(before, after) };
  });
}

/**
 * A span's headline, core items and school rows; with `charts`, also its pupils by month, topic and year
 * group (the dashboard draws them for its own period only, not for the year it is compared with). With
 * `prompts` null, no core item is read (the board report keeps its own, decision 0155).
 */
async function periodSummary(
  filters: ReachFilters,
  span: ReachSpan,
  titles: Map<string, string>,
  prompts: Map<string, { prompt: string; reverseScored: boolean }> | null,
  charts: boolean,
) {
  const scope = scopeOf(filters);
  // The dashboard shows no school's topics, so they are not read; its locality table is of its own period.
  const reading = sessionFigures(scope, span.period, { withTopics: false, charts, localityDeliveries: charts, recordedBefore: span.recordedBefore });
  const [sessions, rows, core] = await Promise.all([
    reading,
    schoolReachRows(scope, span, titles, reading),
    prompts ? coreItemAnswers(scope, span.year, { cutOff: span.cutOff }) : [],
  ]);
  return { rows, sessions, headline: headlineOf(rows, sessions.deliveries), coreItems: prompts ? coreItemResults(core, prompts) : [] };
}

/**
 * The lead's dashboard: headline figures beside the same span a year earlier (the same dates while the
 * year is under way, the whole year once it is over: `comparisonWindow`), and the figures behind each chart.
 * With `coreItems: false`, both years' core items are empty and not read (the board report's come from
 * app/models/core-item-publication.server.ts). With `byGroup: true`, also the number of schools with each
 * count of the figures compared with, in each group of schools (`previousSchoolsWithByGroup`, null
 * otherwise): the board report's check of decision 0193, which the dashboard's own page does not need.
 */
export const getReachDashboard = readingOnceEach(async function getReachDashboard(
  actor: Actor,
  filters: ReachFilters,
  now: Date = new Date(),
  { coreItems = true, byGroup = false } = {},
) {
  assertCan(actor, "reach:read-all");
  const [titles, prompts] = await Promise.all([topicTitles(), coreItems ? coreItemPrompts() : null]);
  const period = filterPeriod(filters);
  // Mentors trained and surveys have no term: they are the academic year's, so while the year is under
  // way both years stop at today's date, whatever the term shown.
  const { window, yearWide: yearWindow, labels } = headlineComparison(filters, now);
  const cut = (end: Date) => (yearWindow.toDate ? end : null);
  const [current, previous] = await Promise.all([
    periodSummary(filters, { year: filters.year, period: window.current, cutOff: cut(yearWindow.current.end), recordedBefore: null }, titles, prompts, true),
    periodSummary(
      filters,
      // Read as recorded by then only where the page says so: the same dates a year earlier, not a whole term.
      { year: window.previousYear, period: window.previous, cutOff: cut(yearWindow.previous.end), recordedBefore: window.toDate ? window.previous.end : null },
      titles,
      prompts,
      false,
    ),
  ]);
  const { sessions } = current;
  const months = monthsOf(filters.year).flatMap((month) =>
    month.start >= period.start && month.start < period.end
      ? [{ month: tallyMonth(month.start), label: month.label, short: month.short, pupils: sessions.pupilsByMonth.get(tallyMonth(month.start)) ?? 0 }]
      : [],
  );
  const topics = [...sessions.topics]
    .map(([id, t]) => ({ id, title: titles.get(id) ?? "Unknown topic", pupils: t.pupils, deliveries: t.deliveries }))
    .sort((a, b) => b.pupils - a.pupils || a.title.localeCompare(b.title));
  const yearGroups = [...sessions.yearGroups].sort(([a], [b]) => a - b).map(([yearGroup, pupils]) => ({ yearGroup, pupils }));
  // How many schools make up each count of people the headline is compared with: the same dates a year
  // earlier can be a few schools' in a year of many (the board report withholds such a count, decision 0165).
  const schoolsWith = (key: "pupils" | "mentorsTrained" | "mvpPupils" | "surveyResponses") => previous.rows.filter((r) => r[key] > 0).length;
  // And in each group of schools a figure can be narrowed to (`schoolGroup`), for what the whole area less the
  // groups' reports leaves (decision 0193).
  const groupOfRow = byGroup ? previous.rows.map(schoolGroup) : [];
  const schoolsWithByGroup = (key: "pupils" | "mentorsTrained" | "mvpPupils" | "surveyResponses") => {
    const schools: Record<string, number> = {};
    previous.rows.forEach((r, i) => {
      if (r[key] > 0) schools[groupOfRow[i]!] = (schools[groupOfRow[i]!] ?? 0) + 1;
    });
    return schools;
  };
  return {
    comparison: labels,
    headline: current.headline,
    previousHeadline: previous.headline,
    previousSchoolsWith: {
      pupils: schoolsWith("pupils"),
      mentorsTrained: schoolsWith("mentorsTrained"),
      mvpPupils: schoolsWith("mvpPupils"),
      surveyResponses: schoolsWith("surveyResponses"),
    },
    previousSchoolsWithByGroup: byGroup
      ? {
          pupils: schoolsWithByGroup("pupils"),
          mentorsTrained: schoolsWithByGroup("mentorsTrained"),
          mvpPupils: schoolsWithByGroup("mvpPupils"),
          surveyResponses: schoolsWithByGroup("surveyResponses"),
        }
      : null,
    coreItems: current.coreItems,
    previousCoreItems: previous.coreItems,
    months,
    topics,
    localities: localitiesOf(current.rows.filter(isListed), sessions.deliveriesByLocality),
    yearGroups,
  };
});

const STAGE_ORDER = (stage: MvpStage) => MVP_STAGES.indexOf(stage);

const SORT_VALUE: Record<SchoolTableOptions["sort"], (r: SchoolReach) => string | number | null> = {
  name: (r) => r.name,
  locality: (r) => r.locality,
  type: (r) => r.type,
  roll: (r) => r.numberOnRoll,
  pupils: (r) => r.pupils,
  share: (r) => r.share,
  deliveries: (r) => r.deliveries,
  topics: (r) => r.topics.length,
  lastDelivery: (r) => r.lastDelivery,
  mvpStage: (r) => STAGE_ORDER(r.mvpStage),
  mentorsTrained: (r) => r.mentorsTrained,
  mvpPupils: (r) => r.mvpPupils,
  surveyResponses: (r) => r.surveyResponses,
};

/** Sorted by the chosen column; empty values last whichever way; ties by name. */
function sortSchools(rows: SchoolReach[], sort: SchoolTableOptions["sort"], descending: boolean): SchoolReach[] {
  const value = SORT_VALUE[sort];
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? a.name.localeCompare(b.name, "en-GB") : x === null ? 1 : -1;
    const order = typeof x === "string" ? x.localeCompare(String(y), "en-GB") : x - (y as number);
    return (descending ? -order : order) || a.name.localeCompare(b.name, "en-GB");
  });
}

/** The school table: every school in scope, filtered, sorted and a page at a time. */
export const listSchoolReach = readingOnceEach(async function listSchoolReach(actor: Actor, filters: ReachFilters, options: SchoolTableOptions) {
  assertCan(actor, "reach:read-all");
  const rows = (await schoolReachRows(scopeOf(filters), wholeSpan(filters))).filter(isListed);
  const search = options.search.toLowerCase();
  const matching = rows.filter(
    (r) =>
      (!search || r.name.toLowerCase().includes(search) || r.urn === search) && (options.reached === "all" || (options.reached === "yes") === r.deliveries > 0),
  );
  return paginate(sortSchools(matching, options.sort, options.descending), options.page, SCHOOL_PAGE_SIZE);
});

/**
 * Every listed school for an export, in name order. With `topics: false` each school's topics are left
 * empty and the tallies are not read for them, for callers that want only its counts.
 */
export const allSchoolReach = readingOnceEach(async function allSchoolReach(actor: Actor, filters: ReachFilters, { topics = true } = {}) {
  assertCan(actor, "reach:read-all");
  const scope = scopeOf(filters);
  const span = wholeSpan(filters);
  const sessions = topics
    ? undefined
    : sessionFigures(scope, span.period, { withTopics: false, charts: false, deliveries: false, recordedBefore: span.recordedBefore });
  const rows = (await schoolReachRows(scope, span, undefined, sessions)).filter(isListed);
  return sortSchools(rows, "name", false);
});

export const allLocalityReach = readingOnceEach(async function allLocalityReach(actor: Actor, filters: ReachFilters) {
  assertCan(actor, "reach:read-all");
  const scope = scopeOf(filters);
  const span = wholeSpan(filters);
  // The localities file lists no topics and draws no charts.
  const sessions = await sessionFigures(scope, span.period, {
    withTopics: false,
    charts: false,
    deliveries: false,
    localityDeliveries: true,
    recordedBefore: span.recordedBefore,
  });
  const [rows, core, prompts] = await Promise.all([
    schoolReachRows(scope, span, undefined, sessions),
    coreItemAnswers(scope, filters.year, { byLocality: true }),
    coreItemPrompts(),
  ]);
  const coreByLocality = groupBy(core, (r) => r.localityId ?? "");
  const keys = coreItemResults(core, prompts).map((item) => ({ coreKey: item.coreKey, prompt: item.prompt }));
  const localities = localitiesOf(rows.filter(isListed), sessions.deliveriesByLocality).map((locality) => ({
    ...locality,
    coreItems: coreItemResults(coreByLocality.get(locality.id ?? "") ?? [], prompts),
  }));
  return { localities, coreKeys: keys };
});

/**
 * What the filter form offers. Read through reach's connection, so every page of reach reuses it until
 * anything changes, and the local authorities come from an index rather than every school.
 */
export async function reachFilterOptions() {
  const [localities, authorities, topics] = await Promise.all([
    reachRows<{ id: string; name: string; localAuthority: string }>({
      sql: `SELECT l."id" AS "id", l."name" AS "name", l."localAuthority" AS "localAuthority" FROM "Locality" l ORDER BY l."name" ASC`,
      params: [],
    }),
    reachRows<{ localAuthority: string }>({
      sql: `SELECT DISTINCT s."localAuthority" AS "localAuthority" FROM "School" s ORDER BY s."localAuthority" ASC`,
      params: [],
    }),
    reachRows<{ id: string; title: string }>({ sql: `SELECT t."id" AS "id", t."title" AS "title" FROM "Topic" t ORDER BY t."title" ASC`, params: [] }),
  ]);
  return { localities, localAuthorities: authorities.map((a) => a.localAuthority), topics };
}

export type ReachFilterOptions = Awaited<ReturnType<typeof reachFilterOptions>>;

/** Why a filter's value in an address was not used, by the filter form's field name. */
type ReachFilterProblems = FilterProblems<"year" | "term" | "la" | "locality" | "type" | "topic">;

/**
 * The filters in an address, each checked against what the form offers (`readChoices`): a value it does
 * not offer (an edited or old link, a locality since removed) is not used, so the figures are for "all"
 * (or the current year), as the form then shows, and `problems` says why by the field. `problems` is null
 * when every value was used; pages answer 400 otherwise, and the files refuse to be made.
 */
export async function readReachFilters(params: URLSearchParams, now = new Date()) {
  const options = await reachFilterOptions();
  const { values, problems: unoffered } = readChoices(params, {
    la: { offered: options.localAuthorities, message: "No school is in that local authority: choose one from the list" },
    locality: { offered: options.localities.map((l) => l.id), message: "There is no such locality: choose one from the list" },
    topic: { offered: options.topics.map((t) => t.id), message: "There is no such topic: choose one from the list" },
    term: { offered: TERMS, message: "Choose a term from the list, or the whole year" },
    type: { offered: SCHOOL_TYPES, message: "Choose a school type from the list" },
  });
  // A year may be written as the form sends it ("2025") or as pages show it ("2025/26").
  const { year, problem: yearProblem } = readYearChoice(params, {
    offered: reachYears(now),
    fallback: academicYearOf(now),
    message: "There are no figures for that academic year: choose one from the list",
  });
  const problems: ReachFilterProblems | null = allProblems(unoffered, yearProblem ? { year: yearProblem } : null);
  const used: ReachFilters = {
    year,
    term: values.term as Term | null,
    localAuthority: values.la,
    localityId: values.locality,
    schoolType: values.type,
    topicId: values.topic,
  };
  return { filters: used, options, problems };
}
