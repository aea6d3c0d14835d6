/**
 * The CSV exports of the school table and the locality table, for the filters chosen. "For publication"
 * applies the disclosure rules for published counts (app/models/disclosure.ts) and says so in the file.
 */
import type { Actor } from "~/auth/actor";
import { formatAcademicYear } from "~/lib/academic-year";
import { csvHeaders, csvStream, type CsvValue } from "~/lib/csv-export";
import { formatDate } from "~/lib/dates";
import { STAGE_LABELS } from "~/lib/mvp";
import { formatShare, periodLabel, SHARED_SESSIONS, TERM_LABELS, type ReachFilters } from "~/models/reach-rules";
import { schoolTypeLabel } from "~/lib/schools";
import { SCHOOL_STATUS_LABELS } from "~/lib/statuses";
import { CORE_ITEMS_NOT_IN_FILE, isSmallCount, PUBLICATION_NOTE, publishedCount, publishedSessions, WITHHELD } from "~/models/disclosure";
import { allLocalityReach, allSchoolReach, openInPeriod, reachFilterOptions, readReachFilters, scopeOf } from "./reach.server";
import { PUBLISHED_COUNTS, schoolCountsWithheld, schoolsWithSmallParts, type PublishedCount } from "./reach-small-cells.server";

type Row = readonly CsvValue[];

/** A count of people (pupils, mentors, survey responses): exact, or as published. */
const people = (n: number, publication: boolean): CsvValue => (publication ? publishedCount(n) : n);
/** A count of sessions beside the pupils they reached (`pupils` as the row shows them): exact, or as published (`publishedSessions`). */
const sessionsBeside = (pupils: CsvValue, sessions: number, publication: boolean): CsvValue => (publication ? publishedSessions(pupils, sessions) : sessions);
/** A share of the published roll would give the exact count back, so published files leave it out. */
const shareOf = (value: number | null, publication: boolean): CsvValue => (value === null || publication ? "" : formatShare(value));

export async function describeFilters(filters: ReachFilters): Promise<string> {
  const options = await reachFilterOptions();
  const parts = [`Academic year ${formatAcademicYear(filters.year)}`];
  if (filters.term) parts.push(TERM_LABELS[filters.term]);
  if (filters.localAuthority) parts.push(`Local authority: ${filters.localAuthority}`);
  if (filters.localityId) parts.push(`Locality: ${options.localities.find((l) => l.id === filters.localityId)?.name ?? "unknown"}`);
  if (filters.schoolType) parts.push(`School type: ${schoolTypeLabel(filters.schoolType)}`);
  if (filters.topicId) parts.push(`Topic: ${options.topics.find((t) => t.id === filters.topicId)?.title ?? "unknown"}`);
  return parts.join("; ");
}

async function* footer(
  filters: ReachFilters,
  publication: boolean,
  sessions: { column: string; note: string },
  { coreItems = false } = {},
): AsyncGenerator<Row> {
  yield [];
  yield ["Filters", await describeFilters(filters)];
  yield [sessions.column, sessions.note];
  if (filters.term) {
    yield ["Term", "A term narrows sessions and mentor-led lessons; mentors trained and survey responses are for the whole academic year, not the term."];
  }
  yield [
    "Note",
    publication
      ? coreItems
        ? `${PUBLICATION_NOTE} ${CORE_ITEMS_NOT_IN_FILE}`
        : PUBLICATION_NOTE
      : "Exact figures for use inside the VRN: not for publication. For figures that leave the VRN, download the file for publication, which applies the small-number rules.",
  ];
}

function exportFileName(kind: "schools" | "localities", filters: ReachFilters, publication: boolean) {
  return `reach-${kind}-${periodLabel(filters)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")}${publication ? "-for-publication" : "-exact-not-for-publication"}.csv`;
}

/**
 * The schools file: a row per listed school for the filters. For publication, counts of people are
 * published forms, and a school's count that adds up a part of 1 to 4 with another part (a term and
 * topic of its pupils reached by sessions, a topic of its survey responses) is "withheld"
 * (`schoolCountsWithheld`, decision 0117), in every file, as its band could pin the small part.
 */
export async function* schoolsCsvRows(actor: Actor, filters: ReachFilters, publication: boolean): AsyncGenerator<Row> {
  const [rows, withheld] = await Promise.all([
    allSchoolReach(actor, filters),
    publication ? schoolCountsWithheld(scopeOf(filters), filters) : new Map<string, Set<PublishedCount>>(),
  ]);
  yield [
    "School",
    "URN",
    "Local authority",
    "Locality",
    "Type",
    // Open in the file's period, as its coverage counts it (openInPeriod), and its status as the file is made:
    // a file of a past year marked a school open all that year "No (closed)" when it had closed since.
    "Open in the period",
    "Status today",
    "Number on roll",
    "Pupils reached by sessions",
    "Attendances as a share of the roll",
    SHARED_SESSIONS.schoolColumn,
    "Topics",
    "Last session",
    "MVP stage",
    "MVP mentors trained",
    "Pupils reached by mentor-led lessons",
    "Survey responses",
  ];
  for (const r of rows) {
    const count = (key: PublishedCount): CsvValue => (withheld.get(r.id)?.has(key) ? WITHHELD : people(r[key], publication));
    yield [
      r.name,
      r.urn,
      r.localAuthority,
      r.locality ?? "",
      schoolTypeLabel(r.type),
      openInPeriod(r) ? "Yes" : "No",
      SCHOOL_STATUS_LABELS[r.open ? "OPEN" : "CLOSED"],
      r.numberOnRoll ?? "",
      count("pupils"),
      shareOf(r.share, publication),
      sessionsBeside(count("pupils"), r.deliveries, publication),
      r.topics.join("; "),
      r.lastDelivery ? formatDate(r.lastDelivery) : "",
      STAGE_LABELS[r.mvpStage],
      count("mentorsTrained"),
      count("mvpPupils"),
      count("surveyResponses"),
    ];
  }
  yield* footer(filters, publication, { column: SHARED_SESSIONS.schoolColumn, note: SHARED_SESSIONS.schoolNote });
}

/**
 * Secondary suppression for the localities file: for each of its rows, keyed as `localitiesOf` groups
 * them (the locality's id, or "" for the row of schools with no locality), the counts that are
 * "withheld" because one of its schools (within the same filters) shows that count as "<5" in the
 * schools file, or has a count of 1 to 4 in a term or topic of the year (app/models/reach-small-cells.server.ts).
 * Published alongside, a row's total less the figures a reader knows (their own school's exact count,
 * other schools' bands, exact zeros, the same row in the files for other terms and topics) could give
 * that school's count back (decisions 0045 and 0109). `small` is `schoolsWithSmallParts` for the filters'
 * scope and year, where the caller has it already.
 */
export async function withheldCounts(
  actor: Actor,
  filters: ReachFilters,
  small?: Promise<Record<PublishedCount, Set<string>>>,
): Promise<Map<string, Set<PublishedCount>>> {
  const withheld = new Map<string, Set<PublishedCount>>();
  const [schools, smallParts] = await Promise.all([
    allSchoolReach(actor, filters, { topics: false }),
    small ?? schoolsWithSmallParts(scopeOf(filters), filters.year),
  ]);
  for (const school of schools) {
    const row = school.localityId ?? "";
    for (const count of PUBLISHED_COUNTS) {
      // Small in this file, or in a term or topic of the year that other files could be subtracted down to (decision 0109).
      if (!isSmallCount(school[count]) && !smallParts[count].has(school.id)) continue;
      const counts = withheld.get(row) ?? new Set<PublishedCount>();
      withheld.set(row, counts.add(count));
    }
  }
  return withheld;
}

export async function* localitiesCsvRows(actor: Actor, filters: ReachFilters, publication: boolean): AsyncGenerator<Row> {
  const { localities, coreKeys } = await allLocalityReach(actor, filters);
  const withheld = publication ? await withheldCounts(actor, filters) : new Map<string, Set<PublishedCount>>();
  yield [
    "Locality",
    "Local authority",
    "Open schools",
    "Schools reached",
    "Coverage",
    "Pupils reached by sessions",
    "Number on roll",
    "Attendances as a share of the roll",
    SHARED_SESSIONS.localityColumn,
    "MVP mentors trained",
    "Pupils reached by mentor-led lessons",
    "Survey responses",
    // Published, a locality's core items would be a few schools' share beside the whole area's (decision 0155).
    ...(publication ? [] : coreKeys.map((k) => `Change in pupils agreeing, percentage points: ${k.prompt}`)),
  ];
  for (const l of localities) {
    const count = (key: PublishedCount): CsvValue => (withheld.get(l.id ?? "")?.has(key) ? WITHHELD : people(l[key], publication));
    yield [
      l.name,
      l.localAuthority,
      l.openSchools,
      l.schoolsReached,
      l.coverage === null ? "" : formatShare(l.coverage),
      count("pupils"),
      l.roll,
      shareOf(l.rollShare, publication),
      sessionsBeside(count("pupils"), l.deliveries, publication),
      count("mentorsTrained"),
      count("mvpPupils"),
      count("surveyResponses"),
      // Only surveys whose own results are shown count (disclosure.ts), so these give no run back.
      ...(publication ? [] : coreKeys.map((k) => l.coreItems.find((c) => c.coreKey === k.coreKey)?.change.points ?? "")),
    ];
  }
  yield* footer(filters, publication, { column: SHARED_SESSIONS.localityColumn, note: SHARED_SESSIONS.localityNote }, { coreItems: true });
}

const TABLES = { schools: schoolsCsvRows, localities: localitiesCsvRows } as const;

/**
 * The download of one table for the filters in the address (`publication=1` for the published form),
 * streamed as it is written; or a 400 saying which filter is not one the form offers (readReachFilters),
 * rather than a file of figures for filters other than those asked for. The caller has checked who is asking.
 */
export async function reachCsvResponse(actor: Actor, url: URL, table: keyof typeof TABLES): Promise<Response> {
  const { filters, problems } = await readReachFilters(url.searchParams);
  const refuse = (why: string) => new Response(`No file was made: ${why}.\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  if (problems) return refuse(`${Object.values(problems).join("; ")}. Choose filters on the reach pages`);
  // Only the reach pages' own two links are read: any other value (`publication=yes`, `=0`, twice) was
  // once taken as "not for publication" and gave exact counts of 1 to 4 to whoever asked for a published file.
  const asked = url.searchParams.getAll("publication");
  if (asked.length > 1 || (asked.length === 1 && asked[0] !== "1")) {
    return refuse("ask for the file for publication with the link on the reach pages (publication=1), or for the VRN's own file without it");
  }
  const publication = asked[0] === "1";
  return new Response(csvStream(TABLES[table](actor, filters, publication)), { headers: csvHeaders(exportFileName(table, filters, publication)) });
}
