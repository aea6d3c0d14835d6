import { formatAcademicYear } from "~/lib/academic-year";
import { STAGE_LABELS, type MvpStage } from "~/lib/mvp";
import { LESSONS_FOR_FULL_REACH, type ClassReach } from "~/models/mvp-reach-rules";
import { formatCount } from "~/lib/numbers";
import type { MvpCounts } from "~/models/mvp-reach.server";
import { DataTable } from "./data-table";

const STAGE_TAGS: Record<MvpStage, string> = {
  NOT_STARTED: "tag tag-grey",
  STAFF_TRAINED: "tag",
  MENTORS_IN_TRAINING: "tag",
  DELIVERING: "tag tag-green",
};

export function StageTag({ stage }: { stage: MvpStage }) {
  return <strong className={STAGE_TAGS[stage]}>{STAGE_LABELS[stage]}</strong>;
}

type Figures = MvpCounts;

/** The programme's headline figures for a year, as a list of big numbers with their meaning beside them. */
export function FiguresList({ figures, headingId }: { figures: Figures; headingId: string }) {
  const items = [
    { label: "Staff trained", value: formatCount(figures.staffTrained) },
    { label: "Mentors trained", value: formatCount(figures.mentorsTrained), note: `of ${formatCount(figures.mentors)} in this year’s cohorts` },
    { label: "Mentors who led at least one lesson", value: formatCount(figures.mentorsWhoLed) },
    { label: "Mentor-led lessons delivered", value: formatCount(figures.lessons) },
    { label: "Younger pupils reached by at least 1 lesson", value: formatCount(figures.pupilsReachedOnce) },
    { label: `Younger pupils reached by at least ${LESSONS_FOR_FULL_REACH} lessons`, value: formatCount(figures.pupilsReachedFive) },
  ];
  return (
    <dl aria-labelledby={headingId} className="mb-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {items.map((item) => (
        <div key={item.label} className="flex flex-col-reverse border-t-4 border-brand bg-surface p-4">
          <dt>
            {item.label}
            {item.note ? <span className="block text-base text-muted">{item.note}</span> : null}
          </dt>
          <dd className="text-4xl font-bold">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ReachTable({ classes, academicYear }: { classes: readonly ClassReach[]; academicYear: number }) {
  if (classes.length === 0) return <p>No mentor-led lessons recorded in {formatAcademicYear(academicYear)} yet.</p>;
  return (
    <DataTable caption={<>Classes reached by mentor-led lessons in {formatAcademicYear(academicYear)}</>}>
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col">Year group</th>
          <th scope="col">Lessons</th>
          <th scope="col">Largest number present</th>
          <th scope="col">Reached {LESSONS_FOR_FULL_REACH} times</th>
        </tr>
      </thead>
      <tbody>
        {classes.map((c) => (
          <tr key={c.key}>
            <th scope="row">{c.className}</th>
            <td>Year {c.yearGroup}</td>
            <td>{c.lessons}</td>
            <td>{c.largestClass}</td>
            <td>{c.lessons >= LESSONS_FOR_FULL_REACH ? "Yes" : `Not yet (${LESSONS_FOR_FULL_REACH - c.lessons} to go)`}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
