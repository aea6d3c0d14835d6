import { formatAcademicYear } from "~/lib/academic-year";
import { STAGE_LABELS, type MvpStage } from "~/lib/mvp";
import { LESSONS_FOR_FULL_REACH, type ClassReach } from "~/models/mvp-reach-rules";
import { counted, formatCount } from "~/lib/numbers";
import type { MvpCounts } from "~/models/mvp-reach.server";
import { DataTable } from "./data-table";
import { Term, Value } from "./summary-list";

const STAGE_TAGS: Record<MvpStage, string> = {
  NOT_STARTED: "tag tag-grey",
  STAFF_TRAINED: "tag",
  MENTORS_IN_TRAINING: "tag",
  MENTORS_TRAINED: "tag",
  DELIVERING: "tag tag-green",
};

export function StageTag({ stage }: { stage: MvpStage }) {
  return <strong className={STAGE_TAGS[stage]}>{STAGE_LABELS[stage]}</strong>;
}

type Figures = MvpCounts;

/**
 * The programme's headline figures for a year, each with what it counts beside it, so two cards can be
 * read together: "trained" always means every required training module completed.
 */
export function FiguresList({ figures, headingId, academicYear }: { figures: Figures; headingId: string; academicYear: number }) {
  const year = formatAcademicYear(academicYear);
  const items = [
    {
      label: `Staff trained in ${year}`,
      value: formatCount(figures.staffTrained),
      definition: `Staff who completed MVP staff training this year; ${formatCount(figures.staffTrainedToDate)} in all up to this year.`,
    },
    {
      label: `Mentors trained, of ${year} cohorts`,
      value: `${formatCount(figures.mentorsTrained)} of ${formatCount(figures.mentors)}`,
      definition: `Mentors of this year's cohorts who have completed every required training module, out of all mentors in those cohorts.`,
    },
    {
      label: `Trained mentors who led a lesson in ${year}`,
      value: formatCount(figures.mentorsWhoLed),
      definition:
        `Trained mentors of any year's cohort (Year 11s often lead after training in Year 10) who led at least one lesson this year.` +
        (figures.untrainedMentorsWhoLed ? ` Not counted: ${counted(figures.untrainedMentorsWhoLed, "mentor")} not yet trained also led lessons.` : ""),
    },
    { label: `Mentor-led lessons in ${year}`, value: formatCount(figures.lessons), definition: "Lessons led by mentors for younger pupils this year." },
    {
      label: "Younger pupils reached by at least 1 lesson",
      value: formatCount(figures.pupilsReachedOnce),
      definition: "Counted by class (a class name in one year group): each class once, at the largest number present at any of its lessons.",
    },
    {
      label: `Younger pupils reached by at least ${LESSONS_FOR_FULL_REACH} lessons`,
      value: formatCount(figures.pupilsReachedFive),
      definition: `Pupils of classes that have had ${LESSONS_FOR_FULL_REACH} or more mentor-led lessons this year.`,
    },
  ];
  return (
    <dl aria-labelledby={headingId} className="mb-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {items.map((item) => (
        <div key={item.label} className="border-t-4 border-brand bg-surface p-4">
          <Term className="font-bold">{item.label}</Term>
          <Value className="text-4xl font-bold">{item.value}</Value>
          {/* Each definition ends with a full stop; a space keeps the next card's label off it. */}
          <Value className="text-base text-muted">{item.definition}</Value>
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
