import { Form, Link } from "@remix-run/react";
import { formatDate } from "~/lib/dates";
import { genderLabel } from "~/lib/mvp";
import type { TrainingProgress } from "~/models/mvp-training-rules";
import { SubmitButton } from "./forms";
import { TableHead } from "./table-head";
import { DataTable } from "./data-table";
import { counted } from "~/lib/numbers";
import { NoteBelow } from "./separators";

type Mentor = {
  id: string;
  displayName: string;
  yearGroup: number;
  gender: string | null;
  withdrawnOn: Date | null;
  lessonsLed: number;
  progress: TrainingProgress;
};

export function TrainedTag({ progress }: { progress: TrainingProgress }) {
  if (progress.trained) return <strong className="tag tag-green">Trained</strong>;
  return (
    <strong className="tag tag-grey">
      In training: {progress.requiredDone} of {progress.requiredTotal}
    </strong>
  );
}

export function MentorsTable({ mentors, canRecord, label }: { mentors: Mentor[]; canRecord: boolean; label: string }) {
  if (mentors.length === 0) return <p>No mentors in this cohort yet.</p>;
  const trained = mentors.filter((m) => m.progress.trained).length;
  return (
    <>
      <p className="mb-4">
        {trained} of {counted(mentors.length, "mentor has", "mentors have")} completed every required module.
      </p>
      <DataTable caption={<>Mentors in the cohort {label}</>}>
        <TableHead columns={["Mentor", "Year group", "Gender", "Training", "Lessons led", { label: "Actions", hidden: true, show: canRecord }]} />
        <tbody>
          {mentors.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                {m.displayName}
                {m.withdrawnOn ? <NoteBelow className="text-base font-normal text-muted">Withdrawn {formatDate(m.withdrawnOn)}</NoteBelow> : null}
              </th>
              <td>Year {m.yearGroup}</td>
              <td>{genderLabel(m.gender)}</td>
              <td>
                <TrainedTag progress={m.progress} />
              </td>
              <td>{m.lessonsLed}</td>
              {canRecord ? (
                <td>
                  <Link to={`/mvp/mentors/${m.id}`}>
                    Change<span className="sr-only"> {m.displayName}</span>
                  </Link>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}

/** How long this cohort's names are kept, and the one action that removes them once its year is over. */
export function NamesRetention({ removedOn, removalDate, canRemoveNow }: { removedOn: string | null; removalDate: string; canRemoveNow: boolean }) {
  return (
    <section aria-labelledby="names" className="mt-12 max-w-3xl">
      <h2 id="names">Mentors&apos; names</h2>
      {removedOn ? (
        <p>Names were removed on {removedOn}. Each mentor is now shown as a number; their training, the lessons they led and every count are kept.</p>
      ) : (
        <>
          <p className="mb-4">Names in this cohort will be removed automatically on {removalDate}. Training, lessons and every count are kept.</p>
          {canRemoveNow ? (
            <Form method="post" className="panel">
              <p className="mb-4">
                This cohort&apos;s mentors can lead no more lessons: their year and the next are over. You can remove the names now: each mentor becomes “Mentor
                1”, “Mentor 2” and so on, and reflections on lessons they led are cleared. This cannot be undone.
              </p>
              <SubmitButton name="intent" value="remove-names" variant="warning" pendingText="Removing names…">
                Remove mentors&apos; names now
              </SubmitButton>
            </Form>
          ) : null}
        </>
      )}
    </section>
  );
}
