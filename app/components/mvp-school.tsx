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
    <section aria-labelledby="staff" className="mb-12">
      <h2 id="staff">Staff trained</h2>
      {staff.length === 0 ? (
        <p>No MVP staff training recorded in {year}.</p>
      ) : (
        <DataTable caption={<>Staff who completed MVP training in {year}</>}>
          <TableHead columns={["Name", "Role", "Trained on", "Trainer", { label: "Actions", hidden: true, show: canRecord }]} />
          <tbody>
            {staff.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.name}</th>
                <td>{s.role}</td>
                <td>{formatDate(s.trainedOn)}</td>
                <td>{s.trainer}</td>
                {canRecord ? (
                  <td>
                    <Link to={`/mvp/staff/${s.id}`}>
                      Change<span className="sr-only"> the training record for {s.name}</span>
                    </Link>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {canRecord ? (
        <p className="mt-4">
          <Link to={`/mvp/staff/new${q}`} className="button button-secondary">
            Add a member of staff trained
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function CohortsSection({ cohorts, year, canRecord, q }: { cohorts: Cohort[]; year: string; canRecord: boolean; q: string }) {
  return (
    <section aria-labelledby="cohorts" className="mb-12">
      <h2 id="cohorts">Mentor cohorts</h2>
      {cohorts.length === 0 ? (
        <p>No mentor cohort recorded in {year}.</p>
      ) : (
        <DataTable caption={<>Mentor cohorts in {year}</>}>
          <TableHead columns={["Cohort", "Training dates", "Mentors", "Trained", { label: "Actions", hidden: true, show: canRecord }]} />
          <tbody>
            {cohorts.map((c) => (
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
                {canRecord ? (
                  <td>
                    <Link to={`/mvp/cohorts/${c.id}/training`}>
                      Record training<span className="sr-only"> for {c.label}</span>
                    </Link>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {canRecord ? (
        <p className="mt-4">
          <Link to={`/mvp/cohorts/new${q}`} className="button button-secondary">
            Add a mentor cohort
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function LessonsSection({ lessons, year, canRecord, q }: { lessons: Lesson[]; year: string; canRecord: boolean; q: string }) {
  return (
    <section aria-labelledby="lessons" className="mb-12">
      <h2 id="lessons">Mentor-led lessons</h2>
      {lessons.length === 0 ? (
        <p>No mentor-led lessons recorded in {year}.</p>
      ) : (
        <DataTable caption={<>Mentor-led lessons in {year}, newest first</>}>
          <TableHead columns={["Date", "Class", "Pupils present", "Led by", "Scenario or topic", { label: "Actions", hidden: true, show: canRecord }]} />
          <tbody>
            {lessons.map((l) => (
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
                {canRecord ? (
                  <td>
                    <Link to={`/mvp/lessons/${l.id}`}>
                      Change
                      <span className="sr-only">
                        {" "}
                        the lesson for {l.className} on {formatDate(l.deliveredOn)}
                      </span>
                    </Link>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {canRecord ? (
        <p className="mt-4">
          <Link to={`/mvp/lessons/new${q}`} className="button button-secondary">
            Record a mentor-led lesson
          </Link>
        </p>
      ) : null}
    </section>
  );
}
