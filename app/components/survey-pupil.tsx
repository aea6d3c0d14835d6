import { Fragment } from "react";
import { Form } from "@remix-run/react";
import { ErrorSummary, FieldProblem } from "~/components/forms";
import { inputMaxLength } from "~/lib/characters";
import { choicesFor, fieldName, FREE_TEXT_MAX, standsAlone, type PupilQuestion, type SurveyPageContent } from "~/lib/survey-answers";
import { formatCode } from "~/lib/survey-code";

const fieldId = (questionId: string) => `survey-${fieldName(questionId)}`;

/** What every written-answer box tells the pupil, before its own help. */
const WHO_READS_WRITTEN_ANSWERS =
  "Only the VRN schools lead reads what you write here. It does not say who you are, so nobody can come back to you about it. " +
  "If something is worrying you, tell a trusted adult at school or call Childline free on 0800 1111. If someone is in danger now, call 999.";

/** One question in its own fieldset: the legend asks it, big choices are easy to tap on a phone. */
function Question({
  question,
  number,
  total,
  selected,
  error,
}: {
  question: PupilQuestion;
  number: number;
  total: number;
  selected: string[];
  error?: string;
}) {
  const name = fieldName(question.id);
  const hintId = `${fieldId(question.id)}-hint`;
  const errorId = `${fieldId(question.id)}-error`;
  const describedBy = [question.helpText ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  const heading = (
    <>
      <span className="mb-1 block text-base font-normal text-muted">
        Question {number} of {total}
        {question.required ? "" : " (optional)"}
      </span>
      {question.prompt}
    </>
  );
  const notes = (
    <>
      {question.helpText ? (
        <span id={hintId} className="hint">
          {question.helpText}
        </span>
      ) : null}
      <FieldProblem id={fieldId(question.id)} problem={error} />
    </>
  );

  if (question.type === "FREE_TEXT") {
    // Said by the service, whatever the question's own help says: who reads it, and that nobody can come
    // back to a pupil who writes something worrying (DOMAIN.md, "Safeguarding").
    const whoReadsId = `${fieldId(question.id)}-who-reads`;
    return (
      <div className={`mb-8 ${error ? "border-l-4 border-danger pl-3" : ""}`}>
        <label htmlFor={fieldId(question.id)} className="label text-xl">
          {heading}
        </label>
        <span id={whoReadsId} className="hint">
          {WHO_READS_WRITTEN_ANSWERS}
        </span>
        {notes}
        <textarea
          id={fieldId(question.id)}
          name={name}
          rows={4}
          maxLength={inputMaxLength(FREE_TEXT_MAX)}
          defaultValue={selected[0] ?? ""}
          aria-describedby={[whoReadsId, describedBy].filter(Boolean).join(" ")}
          aria-invalid={error ? true : undefined}
          className="input"
        />
      </div>
    );
  }

  const multiple = question.type === "MULTIPLE_CHOICE";
  const scale = question.type === "SCALE_0_10";
  const alone = standsAlone(question);
  return (
    // The error summary links to the question as a whole: pupils' pages carry no scripts, and a link to its first
    // choice would scroll that choice to the top of a phone's screen, with the question above it out of view.
    // Focused by the link (tabIndex -1), it is read with its question and message; Tab goes on to the choices.
    <fieldset id={fieldId(question.id)} tabIndex={-1} className={`mb-8 ${error ? "border-l-4 border-danger pl-3" : ""}`} aria-describedby={describedBy}>
      <legend className="label text-xl">{heading}</legend>
      {notes}
      <div className={scale ? "grid grid-cols-4 gap-2 min-[400px]:grid-cols-6 sm:grid-cols-11" : "space-y-2"}>
        {choicesFor(question).map(([value, label], index) => {
          const id = `${fieldId(question.id)}-${value}`;
          const choice = (
            <label
              key={value}
              htmlFor={id}
              className={`choice-tile flex min-h-12 cursor-pointer items-center gap-3 border-2 border-line bg-white p-2 has-[:checked]:border-brand has-[:checked]:bg-[#e8f0f8] ${scale ? "justify-center" : ""}`}
            >
              <input
                type={multiple ? "checkbox" : "radio"}
                id={id}
                name={fieldName(question.id)}
                value={value}
                required={question.required && !multiple ? true : undefined}
                defaultChecked={selected.includes(value)}
                aria-invalid={error ? true : undefined}
                className="h-6 w-6 shrink-0 accent-brand"
              />
              <span>{label}</span>
            </label>
          );
          // A choice that is an answer on its own comes after an "or", as on GOV.UK's checkboxes; the
          // server refuses it with another (checkAnswers), since pupils' pages carry no scripts.
          return alone?.value === index ? (
            <Fragment key={value}>
              <p className="py-1 text-center font-bold">or</p>
              {choice}
            </Fragment>
          ) : (
            choice
          );
        })}
      </div>
    </fieldset>
  );
}

/**
 * A page of a survey's questions as a form, with what earlier pages answered carried in hidden fields.
 * `preview`: the page was drawn for a browser signed in to a staff account, and says so to the server, so
 * that its answers stay a preview even if that sign-in ends before the last page is sent (decision 0171).
 */
export function SurveyForm({
  code,
  questions,
  firstNumber,
  total,
  page,
  pageCount,
  carried,
  values,
  errors,
  pupilTag,
  preview,
}: SurveyPageContent & { code: string; preview: boolean }) {
  const allErrors = Object.fromEntries(questions.filter((q) => errors[q.id]).map((q) => [fieldName(q.id), [errors[q.id]!]]));
  const last = page === pageCount;
  return (
    <>
      {pageCount > 1 ? (
        <p className="mb-4 font-bold" aria-live="polite">
          Page {page} of {pageCount}
        </p>
      ) : null}
      <ErrorSummary form={{ id: "survey", allErrors }} />
      {/* noValidate: the server checks every answer and says what is missing by each question. */}
      <Form method="post" action={`/s/${code}`} noValidate>
        <input type="hidden" name="page" value={page} />
        <input type="hidden" name="pupil" value={pupilTag} />
        {preview ? <input type="hidden" name="preview" value="1" /> : null}
        {Object.entries(carried).flatMap(([id, chosen]) =>
          chosen.map((value, i) => <input key={`${id}-${i}`} type="hidden" name={fieldName(id)} value={value} />),
        )}
        {questions.map((q, i) => (
          <Question key={q.id} question={q} number={firstNumber + i} total={total} selected={values[q.id] ?? []} error={errors[q.id]} />
        ))}
        <div className="flex flex-wrap gap-4">
          <button type="submit" className="button min-w-40 text-xl">
            {last ? "Send my answers" : "Next page"}
          </button>
          {page > 1 ? (
            <button type="submit" name="intent" value="back" className="button button-secondary">
              Previous page
            </button>
          ) : null}
        </div>
      </Form>
    </>
  );
}

export function CodeForm({ defaultValue, error }: { defaultValue?: string; error?: string }) {
  return (
    <>
      <ErrorSummary form={{ id: "find", allErrors: error ? { code: [error] } : {} }} />
      <form method="get" action="/s">
        <div className="mb-6">
          <label htmlFor="find-code" className="label text-xl">
            Survey code
          </label>
          <span id="find-code-hint" className="hint">
            Your teacher will show you the code. It has 8 letters and numbers, like {formatCode("KM7P4XQD")}.
          </span>
          <FieldProblem id="find-code" problem={error} />
          <input
            id="find-code"
            name="code"
            defaultValue={defaultValue}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            aria-describedby={`find-code-hint${error ? " find-code-error" : ""}`}
            aria-invalid={error ? true : undefined}
            className="input max-w-xs font-mono text-2xl tracking-widest uppercase"
          />
        </div>
        <button type="submit" className="button text-xl">
          Start the survey
        </button>
      </form>
    </>
  );
}
