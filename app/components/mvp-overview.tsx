import { Link } from "@remix-run/react";
import { formatAcademicYear } from "~/lib/academic-year";
import { MVP_STAGES, STAGE_DEFINITIONS, STAGE_LABELS, type MvpStage } from "~/lib/mvp";
import { LESSONS_FOR_FULL_REACH } from "~/models/mvp-reach-rules";
import { counted, formatCount } from "~/lib/numbers";
import { FiguresList, StageTag } from "./mvp-figures";
import { YearPicker } from "./mvp-fields";
import { TableHead } from "./table-head";
import type { MvpCounts } from "~/models/mvp-reach.server";
import { DataTable } from "./data-table";
import { NoteBelow } from "./separators";
import { Term, Value } from "./summary-list";

type Counts = MvpCounts;

export type AreaOverviewView = {
  academicYear: number;
  showAll: boolean;
  totals: Counts;
  stageCounts: Record<MvpStage, number>;
  schoolsRunning: number;
  schoolsInForum: number;
  /** `open`: the school is open today; one closed since is in a year's rows when it was in that year's forum. */
  rows: { id: string; name: string; urn: string; locality: string | null; open: boolean; figures: Counts & { stage: MvpStage } }[];
};

/** A school's counts, or the area's totals, as the cells of one row of the schools table. */
function CountCells({ counts }: { counts: Counts }) {
  return (
    <>
      <td>{formatCount(counts.staffTrainedToDate)}</td>
      <td>
        {formatCount(counts.mentorsTrained)} of {formatCount(counts.mentors)}
      </td>
      <td>{formatCount(counts.mentorsWhoLed)}</td>
      <td>{formatCount(counts.lessons)}</td>
      <td>{formatCount(counts.pupilsReachedOnce)}</td>
      <td>{formatCount(counts.pupilsReachedFive)}</td>
    </>
  );
}

/** What each stage means: a stage is worked out from the school's records, so its figures always bear it out. */
function StageKey() {
  return (
    <section aria-labelledby="stage-key" className="mt-8 max-w-3xl">
      <h3 id="stage-key">How a school&apos;s stage is worked out</h3>
      <p className="mb-2">From the school&apos;s records for the year, the furthest step they show:</p>
      <dl>
        {[...MVP_STAGES].reverse().map((stage) => (
          <div key={stage} className="mb-1">
            <Term className="inline font-bold" end={null}>
              {STAGE_LABELS[stage]}:{" "}
            </Term>
            <Value className="inline" end=" ">
              {STAGE_DEFINITIONS[stage]}.
            </Value>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-base text-muted">
        “Staff trained to date” counts staff trained this year or before; “Mentors trained” counts this year&apos;s mentors who completed every required module,
        out of all this year&apos;s mentors.
      </p>
    </section>
  );
}

/** The VRN lead's view of MVP across the area: totals for the year, then every school's stage and figures. */
export function AreaOverview({ view, years, yearProblem = null }: { view: AreaOverviewView; years: number[]; yearProblem?: string | null }) {
  const { academicYear, totals, stageCounts, rows, showAll } = view;
  const year = formatAcademicYear(academicYear);
  return (
    <>
      <h1>Mentors in Violence Prevention</h1>
      <p className="mb-6 max-w-3xl text-xl">Which schools run MVP, how far each has got, and the mentors and younger pupils it has reached.</p>
      <ul className="mb-8 flex flex-wrap gap-x-8 gap-y-2">
        <li>
          <Link to="/mvp/modules">Mentor training modules</Link>
        </li>
        <li>
          <Link to="/mvp/retention">Keeping and removing mentors&apos; names</Link>
        </li>
      </ul>
      <YearPicker years={years} selected={academicYear} keep={showAll ? { show: "all" } : {}} problem={yearProblem} />

      <h2 id="area-heading">Across the area in {year}</h2>
      <p className="mb-4">
        <strong>{view.schoolsRunning}</strong> of {counted(view.schoolsInForum, "school")} running MVP, by stage:{" "}
        {MVP_STAGES.filter((s) => s !== "NOT_STARTED")
          .map((s) => `${STAGE_LABELS[s].toLowerCase()} ${stageCounts[s]}`)
          .join(", ")}
        .
      </p>
      <FiguresList figures={totals} headingId="area-heading" academicYear={academicYear} />

      <h2 className="mt-12">Schools</h2>
      <p className="mb-4">
        {showAll ? (
          <Link to={`/mvp?year=${academicYear}`}>Show only schools running MVP</Link>
        ) : (
          <Link to={`/mvp?year=${academicYear}&show=all`}>Show all schools, including the {stageCounts.NOT_STARTED} not started</Link>
        )}
      </p>
      <DataTable
        caption={
          <>
            {showAll ? "All schools" : "Schools running MVP"} in {year}
          </>
        }
        className="text-base"
      >
        <TableHead
          columns={[
            "School",
            "Stage",
            "Staff trained to date",
            "Mentors trained",
            "Trained mentors who led",
            "Lessons",
            "Pupils reached once",
            `Pupils reached ${LESSONS_FOR_FULL_REACH} times`,
          ]}
        />
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">
                <Link to={`/mvp/schools/${row.id}?year=${academicYear}`}>{row.name}</Link>
                <NoteBelow className="font-normal text-muted">
                  URN {row.urn}
                  {row.locality ? `, ${row.locality}` : ""}
                  {row.open ? "" : ", closed"}
                </NoteBelow>
              </th>
              <td className="whitespace-nowrap">
                <StageTag stage={row.figures.stage} />
              </td>
              <CountCells counts={row.figures} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">All schools running MVP</th>
            <td />
            <CountCells counts={totals} />
          </tr>
        </tfoot>
      </DataTable>
      {rows.length === 0 ? <p className="mt-4">No school has started MVP in {year}.</p> : null}
      <StageKey />
    </>
  );
}
