/**
 * The CSV exports of the school table and the locality table, for the filters chosen. "For publication"
 * applies the disclosure rules for published counts (app/models/disclosure.ts) and says so in the file.
 */
import type { Actor } from "~/auth/actor";
import { formatAcademicYear } from "~/lib/academic-year";
import { csvHeaders, csvStream, type CsvValue } from "~/lib/csv-export";
import { formatDate } from "~/lib/dates";
import { STAGE_LABELS } from "~/lib/mvp";
import { roundHalfAwayFromZero } from "~/lib/rounding";
import { formatShare, parseReachFilters, periodLabel, TERM_LABELS, type ReachFilters } from "~/models/reach-rules";
import { schoolTypeLabel } from "~/lib/schools";
import { PUBLICATION_NOTE, publishedCount } from "~/models/disclosure";
import { allLocalityReach, allSchoolReach, reachFilterOptions } from "./reach.server";

type Row = readonly CsvValue[];

/** A count of people (pupils, mentors, survey responses): exact, or as published. */
const people = (n: number, publication: boolean): CsvValue => (publication ? publishedCount(n) : n);
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

async function* footer(filters: ReachFilters, publication: boolean): AsyncGenerator<Row> {
  yield [];
  yield ["Filters", await describeFilters(filters)];
  yield [
    "Note",
    publication ? PUBLICATION_NOTE : 'Exact figures for use inside the VRN: not for publication. Choose "for publication" to apply the small-number rules.',
  ];
}

function exportFileName(kind: "schools" | "localities", filters: ReachFilters, publication: boolean) {
  return `reach-${kind}-${periodLabel(filters)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")}${publication ? "-for-publication" : ""}.csv`;
}

export async function* schoolsCsvRows(actor: Actor, filters: ReachFilters, publication: boolean): AsyncGenerator<Row> {
  const rows = await allSchoolReach(actor, filters);
  yield [
    "School",
    "URN",
    "Local authority",
    "Locality",
    "Type",
    "Open",
    "Number on roll",
    "Pupils reached by sessions",
    "Share of roll reached",
    "Sessions delivered",
    "Topics",
    "Last session",
    "MVP stage",
    "MVP mentors trained",
    "Pupils reached by mentor-led lessons",
    "Survey responses",
  ];
  for (const r of rows) {
    yield [
      r.name,
      r.urn,
      r.localAuthority,
      r.locality ?? "",
      schoolTypeLabel(r.type),
      r.open ? "Yes" : "No (closed)",
      r.numberOnRoll ?? "",
      people(r.pupils, publication),
      shareOf(r.share, publication),
      r.deliveries,
      r.topics.join("; "),
      r.lastDelivery ? formatDate(r.lastDelivery) : "",
      STAGE_LABELS[r.mvpStage],
      people(r.mentorsTrained, publication),
      people(r.mvpPupils, publication),
      people(r.surveyResponses, publication),
    ];
  }
  yield* footer(filters, publication);
}

export async function* localitiesCsvRows(actor: Actor, filters: ReachFilters, publication: boolean): AsyncGenerator<Row> {
  const { localities, coreKeys } = await allLocalityReach(actor, filters);
  yield [
    "Locality",
    "Local authority",
    "Open schools",
    "Schools reached",
    "Coverage",
    "Pupils reached by sessions",
    "Number on roll",
    "Share of roll reached",
    "Sessions delivered",
    "MVP mentors trained",
    "Pupils reached by mentor-led lessons",
    "Survey responses",
    ...coreKeys.map((k) => `Change in pupils agreeing, percentage points: ${k.prompt}`),
  ];
  for (const l of localities) {
    yield [
      l.name,
      l.localAuthority,
      l.openSchools,
      l.schoolsReached,
      l.coverage === null ? "" : formatShare(l.coverage),
      people(l.pupils, publication),
      l.roll,
      shareOf(l.rollShare, publication),
      l.deliveries,
      people(l.mentorsTrained, publication),
      people(l.mvpPupils, publication),
      people(l.surveyResponses, publication),
      // Only surveys whose own results are shown count (disclosure.ts), so these give no run back.
      ...coreKeys.map((k) => {
        const change = l.coreItems.find((c) => c.coreKey === k.coreKey)?.change.shareAgreeing ?? null;
        return change === null ? "" : roundHalfAwayFromZero(change * 100, 1);
      }),
    ];
  }
  yield* footer(filters, publication);
}

const TABLES = { schools: schoolsCsvRows, localities: localitiesCsvRows } as const;

/**
 * The download of one table for the filters in the address (`publication=1` for the published form),
 * streamed as it is written. The caller has checked who is asking.
 */
export function reachCsvResponse(actor: Actor, url: URL, table: keyof typeof TABLES): Response {
  const filters = parseReachFilters(url.searchParams);
  const publication = url.searchParams.get("publication") === "1";
  return new Response(csvStream(TABLES[table](actor, filters, publication)), { headers: csvHeaders(exportFileName(table, filters, publication)) });
}
