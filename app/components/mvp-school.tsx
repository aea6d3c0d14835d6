import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { formatAcademicYear } from "~/lib/academic-year";
import { formatDate } from "~/lib/dates";
import { RECOMMENDED_LEADERS, type MvpStage } from "~/lib/mvp";
import type { ClassReach } from "~/models/mvp-reach-rules";
import { FiguresList, ReachTable, StageTag } from "./mvp-figures";
import { YearPicker } from "./mvp-fields";
import { TableHead } from "./table-head";
import type { MvpCounts } from "~/models/mvp-reach.server";
import { DataTable } from "./data-table";
import { NoteBelow, Separator } from "./separators";

type Staff = { id: string; name: string; role: string; trainedOn: Date; trainer: string };
type Cohort = {
  id: string;
  label: string;
  trainingDates: string;
  trainingDays: Date[];
  trainers: string;
  mentors: number;
  trained: number;
  withdrawn: number;
  namesRemovedAt: Date | null;
};
type Lesson = {
  id: string;
  deliveredOn: Date;
  className: string;
  yearGroup: number;
  pupilsPresent: number;
  topic: string;
  leaders: string[];
  leaderCount: number;
  /** A class no younger than a mentor who led it (classNotYounger): saved, and flagged here. */
  classNotYounger: boolean;
};

export type SchoolMvpView = {
  school: { id: string; name: string; urn: string };
  academicYear: number;
  figures: MvpCounts & { stage: MvpStage };
  classes: ClassReach[];
  canRecord: boolean;
  detail: { staff: Staff[]; cohorts: Cohort[]; lessons: Lesson[] } | null;
};

/** A school's MVP page for one year: the MVP lead's workbench, the VRN lead's view of a school, a teacher's figures. */
export function SchoolMvpPage({
  view,
  years,
  yearProblem = null,
  backToOverview = false,
}: {
  view: SchoolMvpView;
  years: number[];
  /** Why the year in the address was not used (readMvpYear). */
  yearProblem?: string | null;
  backToOverview?: boolean;
}) {
  const { school, academicYear, figures, classes, canRecord, detail } = view;
  const year = formatAcademicYear(academicYear);
  const q = `?year=${academicYear}`;
  return (
    <>
      {backToOverview ? (
        <p className="mb-4">
          <Link to={`/mvp${q}`}>Back to MVP across all schools</Link>
        </p>
      ) : null}
      <h1>
        <span className="block text-xl text-muted">
          {school.name}
          <Separator />
        </span>
        Mentors in Violence Prevention
      </h1>
      {canRecord ? (
        <p className="mb-8">
          <Link to={`/mvp/lessons/new${q}`} className="button">
            Record a mentor-led lesson
          </Link>
        </p>
      ) : null}
      <YearPicker years={years} selected={academicYear} problem={yearProblem} />

      <h2 id="figures-heading">
        {year} at a glance <StageTag stage={figures.stage} />
      </h2>
      <div className="mb-12">
        <FiguresList figures={figures} headingId="figures-heading" academicYear={academicYear} />
      </div>

      {detail ? (
        <>
          <StaffSection staff={detail.staff} year={year} canRecord={canRecord} q={q} />
          <CohortsSection cohorts={detail.cohorts} year={year} canRecord={canRecord} q={q} />
          <LessonsSection lessons={detail.lessons} year={year} canRecord={canRecord} q={q} />
        </>
      ) : (
        <p className="panel mb-12 max-w-3xl">
          Your school&apos;s MVP lead records staff training, mentors and lessons. Mentors&apos; names are seen only by them and the VRN schools lead.
        </p>
      )}

      <h2 id="reach">Pupils reached, by class</h2>
      <ReachTable classes={classes} academicYear={academicYear} />
    </>
  );
}

function StaffSection({ staff, year, canRecord, q }: { staff: Staff[]; year: string; canRecord: boolean; q: string }) {
  return (
    <RecordsSection
      id="staff"
      heading="Staff trained"
      none={`No MVP staff training recorded in ${year}.`}
      caption={`Staff who completed MVP training in ${year}`}
      columns={["Name", "Role", "Trained on", "Trainer"]}
      records={staff}
      canRecord={canRecord}
      add={{ to: `/mvp/staff/new${q}`, label: "Add a member of staff trained" }}
      row={(s) => (
        <tr key={s.id}>
          <th scope="row">{s.name}</th>
          <td>{s.role}</td>
          <td>{formatDate(s.trainedOn)}</td>
          <td>{s.trainer}</td>
          <ActionCell show={canRecord} to={`/mvp/staff/${s.id}`} action="Change" about={`the training record for ${s.name}`} />
        </tr>
      )}
    />
  );
}

function CohortsSection({ cohorts, year, canRecord, q }: { cohorts: Cohort[]; year: string; canRecord: boolean; q: string }) {
  return (
    <RecordsSection
      id="cohorts"
      heading="Mentor cohorts"
      none={`No mentor cohort recorded in ${year}.`}
      caption={`Mentor cohorts in ${year}`}
      columns={["Cohort", "Training dates", "Mentors", "Trained"]}
      records={cohorts}
      canRecord={canRecord}
      add={{ to: `/mvp/cohorts/new${q}`, label: "Add a mentor cohort" }}
      row={(c) => (
        <tr key={c.id}>
          <th scope="row">
            <Link to={`/mvp/cohorts/${c.id}`}>{c.label}</Link>
            {c.namesRemovedAt ? <NoteBelow className="text-base font-normal text-muted">Names removed</NoteBelow> : null}
          </th>
          <td>
            {c.trainingDays.map((day, i) => (
              <span key={day.toISOString()} className="block whitespace-nowrap">
                {i > 0 ? <Separator /> : null}
                {formatDate(day)}
              </span>
            ))}
            {/* Notes written before training days were dates, until the lead adds them as dates. */}
            {c.trainingDates ? (
              <span className="block text-muted">
                {c.trainingDays.length > 0 ? <Separator /> : null}
                {c.trainingDates}
              </span>
            ) : null}
          </td>
          <td>
            {c.mentors}
            {c.withdrawn ? <NoteBelow className="text-base text-muted">{c.withdrawn} withdrawn</NoteBelow> : null}
          </td>
          <td>{c.trained}</td>
          <ActionCell show={canRecord} to={`/mvp/cohorts/${c.id}/training`} action="Record training" about={`for ${c.label}`} />
        </tr>
      )}
    />
  );
}

function LessonsSection({ lessons, year, canRecord, q }: { lessons: Lesson[]; year: string; canRecord: boolean; q: string }) {
  return (
    <RecordsSection
      id="lessons"
      heading="Mentor-led lessons"
      none={`No mentor-led lessons recorded in ${year}.`}
      caption={`Mentor-led lessons in ${year}, newest first`}
      columns={["Date", "Class", "Pupils present", "Led by", "Scenario or topic"]}
      records={lessons}
      canRecord={canRecord}
      add={{ to: `/mvp/lessons/new${q}`, label: "Record a mentor-led lesson" }}
      row={(l) => (
        <tr key={l.id}>
          <th scope="row" className="whitespace-nowrap">
            {formatDate(l.deliveredOn)}
          </th>
          <td>
            {l.className} <span className="text-muted">(Year {l.yearGroup})</span>
            {l.classNotYounger ? (
              <NoteBelow>
                <strong className="tag tag-red">Not younger than its mentors</strong>
              </NoteBelow>
            ) : null}
          </td>
          <td>{l.pupilsPresent}</td>
          <td>
            {l.leaders.join(", ")}
            {l.leaderCount < RECOMMENDED_LEADERS ? (
              <NoteBelow>
                <strong className="tag tag-red">Fewer than {RECOMMENDED_LEADERS} mentors</strong>
              </NoteBelow>
            ) : null}
          </td>
          <td>{l.topic}</td>
          <ActionCell show={canRecord} to={`/mvp/lessons/${l.id}`} action="Change" about={`the lesson for ${l.className} on ${formatDate(l.deliveredOn)}`} />
        </tr>
      )}
    />
  );
}

/**
 * One kind of the school's records for the year: its table (`row` draws a record's row; the last column,
 * actions, is shown to whoever records), or `none` when there is no record, and for whoever records the
 * button that adds one.
 */
function RecordsSection<T>({
  id,
  heading,
  none,
  caption,
  columns,
  records,
  row,
  canRecord,
  add,
}: {
  id: string;
  heading: string;
  none: string;
  caption: string;
  columns: string[];
  records: T[];
  row: (record: T) => ReactNode;
  canRecord: boolean;
  add: { to: string; label: string };
}) {
  return (
    <section aria-labelledby={id} className="mb-12">
      <h2 id={id}>{heading}</h2>
      {records.length === 0 ? (
        <p>{none}</p>
      ) : (
        <DataTable caption={caption}>
          <TableHead columns={[...columns, { label: "Actions", hidden: true, show: canRecord }]} />
          <tbody>{records.map(row)}</tbody>
        </DataTable>
      )}
      {canRecord ? (
        <p className="mt-4">
          <Link to={add.to} className="button button-secondary">
            {add.label}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

/** A row's action for whoever records (`show`): a link whose text, read aloud, says which record it acts on (`about`). */
function ActionCell({ show, to, action, about }: { show: boolean; to: string; action: string; about: string }) {
  if (!show) return null;
  return (
    <td>
      <Link to={to}>
        {action}
        <span className="sr-only"> {about}</span>
      </Link>
    </td>
  );
}
