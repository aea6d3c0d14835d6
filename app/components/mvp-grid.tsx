import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { trainingGridSchema } from "~/lib/mvp-schemas";
import type { TrainingProgress } from "~/models/mvp-training-rules";
import { formatDate } from "~/lib/dates";
import { asTextField, ErrorSummary, SelectField, SubmitButton, useSchemaForm } from "./forms";
import { TrainedTag } from "./mvp-cohort";
import { NoteBelow } from "./separators";

type GridModule = { id: string; title: string; required: boolean };
type GridSession = { id: string; heldOn: Date; note: string };
type GridMentor = { id: string; displayName: string; withdrawnOn: Date | null; done: string[]; progress: TrainingProgress };

/**
 * Every mentor of a cohort against every live module in one form, so a training day is one save.
 * Rows are mentors, columns are modules; each box is labelled "mentor: module" for screen readers,
 * and the form is a plain POST, so it works without JavaScript. New ticks are dated to the training
 * session chosen above the grid (one already held), or to today.
 */
export function TrainingGrid({
  label,
  modules,
  mentors,
  sessions,
  lastResult,
}: {
  label: string;
  sessions: GridSession[];
  modules: GridModule[];
  mentors: GridMentor[];
  lastResult: SubmissionResult<string[]> | null | undefined;
}) {
  const [form, fields] = useSchemaForm("training-grid", trainingGridSchema, lastResult, undefined, { shouldRevalidate: "onSubmit" });
  return (
    <>
      <ErrorSummary form={form} />
      <Form method="post" {...getFormProps(form)}>
        {/* The form's default button: Enter in a box sends the form with its first submit button, which
            was the first column's "Tick all", ticking that module for the whole cohort. First, so Enter saves the
            grid as shown; out of sight, out of the tab order and hidden from screen readers, which have "Save
            training" below. */}
        <button type="submit" className="sr-only" tabIndex={-1} aria-hidden="true">
          Save training
        </button>
        {mentors.map((m) => (
          <input key={m.id} type="hidden" name="mentor" value={m.id} />
        ))}
        {modules.map((m) => (
          <input key={m.id} type="hidden" name="module" value={m.id} />
        ))}
        {/* What the page showed ticked: a save changes only the boxes changed here, not those another recorder changed since. */}
        {mentors.flatMap((mentor) =>
          modules
            .filter((module) => mentor.done.includes(module.id))
            .map((module) => <input key={`${mentor.id}:${module.id}`} type="hidden" name="shown" value={`${mentor.id}:${module.id}`} />),
        )}
        <SelectField
          meta={asTextField(fields.trainedAt)}
          label="Day the newly ticked modules were completed"
          hint="Choose the training session, so lessons can be checked against the day each mentor finished training. Boxes already ticked keep their day."
          placeholder="Today"
          options={sessions.map((s) => ({ value: s.id, label: s.note ? `${formatDate(s.heldOn)} (${s.note})` : formatDate(s.heldOn) }))}
        />
        <div className="mb-6 overflow-x-auto" role="region" aria-labelledby="grid-caption" tabIndex={0}>
          <table className="text-base">
            <caption id="grid-caption">Modules completed by each mentor in the cohort {label}</caption>
            <thead>
              <tr>
                <th scope="col" className="align-bottom">
                  Mentor
                </th>
                {modules.map((module) => (
                  <th key={module.id} scope="col" className="min-w-28 align-bottom">
                    {module.title}
                    <NoteBelow className="font-normal text-muted">{module.required ? "Required" : "Optional"}</NoteBelow>
                    {/* Saves the grid with this module ticked (or cleared) for the whole cohort. */}
                    <span className="mt-2 flex flex-col gap-1 font-normal">
                      <button type="submit" name="column" value={`tick:${module.id}`} className="button button-secondary mb-0 px-2 py-1 text-base">
                        Tick all<span className="sr-only"> for {module.title}</span>
                      </button>
                      <button type="submit" name="column" value={`clear:${module.id}`} className="button button-secondary mb-0 px-2 py-1 text-base">
                        Clear all<span className="sr-only"> for {module.title}</span>
                      </button>
                    </span>
                  </th>
                ))}
                <th scope="col" className="align-bottom">
                  Trained
                </th>
              </tr>
            </thead>
            <tbody>
              {mentors.map((mentor) => (
                <tr key={mentor.id}>
                  <th scope="row" className="whitespace-nowrap">
                    {mentor.displayName}
                    {mentor.withdrawnOn ? <NoteBelow className="font-normal text-muted">Withdrawn</NoteBelow> : null}
                  </th>
                  {modules.map((module) => (
                    <td key={module.id} className="p-0">
                      {/* The whole cell is the target, well over the 24px minimum. */}
                      <label className="flex min-h-11 min-w-11 cursor-pointer items-center justify-center">
                        {/* Keyed by the saved state, so a box changed by a whole-module save shows it after the redirect. */}
                        <input
                          key={String(mentor.done.includes(module.id))}
                          type="checkbox"
                          name="done"
                          value={`${mentor.id}:${module.id}`}
                          defaultChecked={mentor.done.includes(module.id)}
                          className="h-6 w-6 accent-brand"
                        />
                        <span className="sr-only">
                          {mentor.displayName}: {module.title}
                        </span>
                      </label>
                    </td>
                  ))}
                  <td className="whitespace-nowrap">
                    <TrainedTag progress={mentor.progress} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <SubmitButton pendingText="Saving training…">Save training</SubmitButton>
      </Form>
    </>
  );
}
