import { getFormProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { formatDate } from "~/lib/dates";
import { dateInputLimits } from "~/lib/date-fields";
import { cohortTrainingWindow, trainingSessionSchema } from "~/lib/mvp-schemas";
import { DataTable } from "./data-table";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm, type LastResult } from "./forms";
import { TableHead } from "./table-head";

type Session = { id: string; heldOn: Date; note: string };

/**
 * A cohort's training days, with (for its MVP lead) a "Remove" button on each, the form that adds one,
 * and the cohort's notes from before days were dates, offered as dates when they read as such.
 */
export function TrainingSessions({
  sessions,
  notes,
  notedDays,
  academicYear,
  canRecord,
  lastResult,
  formToken,
}: {
  sessions: Session[];
  notes: string;
  /** The days `notes` reads as, or null when it does not read as dates. */
  notedDays: string[] | null;
  academicYear: number;
  canRecord: boolean;
  lastResult: LastResult;
  /** The page's token for the form that adds a day (decision 0147). */
  formToken?: string;
}) {
  return (
    <section aria-labelledby="training-sessions" className="mb-12 max-w-3xl">
      <h2 id="training-sessions">Training sessions</h2>
      {sessions.length === 0 ? (
        <p className="mb-6">No training sessions recorded yet.</p>
      ) : (
        <DataTable caption="Training sessions of this cohort">
          <TableHead columns={["Date", "Note", { label: "Actions", hidden: true, show: canRecord }]} />
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <th scope="row" className="whitespace-nowrap">
                  {formatDate(s.heldOn)}
                </th>
                <td>{s.note}</td>
                {canRecord ? (
                  <td>
                    <Form method="post">
                      <input type="hidden" name="sessionId" value={s.id} />
                      <SubmitButton name="intent" value="remove-session" variant="secondary" pendingText="Removing…">
                        Remove<span className="sr-only"> the training session on {formatDate(s.heldOn)}</span>
                      </SubmitButton>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {notes ? <NotedDays notes={notes} notedDays={notedDays} canRecord={canRecord} /> : null}
      {canRecord ? <AddSessionForm academicYear={academicYear} lastResult={lastResult} formToken={formToken} /> : null}
    </section>
  );
}

function NotedDays({ notes, notedDays, canRecord }: { notes: string; notedDays: string[] | null; canRecord: boolean }) {
  return (
    <div className="panel mt-6 mb-6">
      <p className="mb-4">
        Notes on training: <strong>{notes}</strong>
      </p>
      {!canRecord ? null : notedDays ? (
        <Form method="post">
          <p className="mb-4">These read as {notedDays.map((day) => formatDate(day)).join(", ")}.</p>
          <SubmitButton name="intent" value="add-noted-days" variant="secondary" pendingText="Adding…">
            Add these as dates
          </SubmitButton>
        </Form>
      ) : (
        <p>These notes could not be read as dates. Add each training day below.</p>
      )}
    </div>
  );
}

function AddSessionForm({ academicYear, lastResult, formToken }: { academicYear: number; lastResult: LastResult; formToken?: string }) {
  const [form, fields] = useSchemaForm("training-session", trainingSessionSchema(academicYear), lastResult);
  return (
    <div className="mt-6">
      <h3 id="add-session">Add a training session</h3>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="add-session" />
        {formToken ? <input type="hidden" name="formToken" value={formToken} /> : null}
        <TextField
          meta={fields.heldOn}
          label="Date of the training session"
          hint="For example, 11/02/2027"
          type="date"
          width="max-w-xs"
          limits={dateInputLimits(() => cohortTrainingWindow(academicYear))}
        />
        <TextField meta={fields.note} label="Note (optional)" hint="For example, Day 1 or the venue" autoComplete="off" />
        <SubmitButton pendingText="Adding…">Add training session</SubmitButton>
      </Form>
    </div>
  );
}
