import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ErrorSummary, FieldProblem, SubmitButton, TextareaField, useSchemaForm } from "~/components/forms";
import { FEEDBACK_COMMENT_MAX, feedbackSchema } from "~/lib/guide-forms";

const CHOICES = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
] as const;

/**
 * "Was this page useful?" for every reader, signed in or not. Only the VRN team sees the answers; staff
 * are told their role and school go with them, the public that nothing about them is kept. `formToken`
 * is the page's, by which the form sent twice saves one answer (decisions 0147 and 0179).
 */
export function FeedbackForm({
  lastResult,
  action,
  signedIn,
  formToken,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  action: string;
  signedIn: boolean;
  formToken: string;
}) {
  const [form, fields] = useSchemaForm("feedback-form", feedbackSchema, lastResult);
  const helpful = fields.helpful;
  const invalid = Boolean(helpful.errors?.length);

  return (
    <section id="feedback" aria-labelledby="feedback-title" className="no-print panel mt-12 max-w-3xl">
      <h2 id="feedback-title">Tell the VRN team what you think</h2>
      <p>
        {signedIn
          ? "Your role and school are sent with your answer."
          : "You do not need an account. We do not ask who you are, and only the VRN team reads what you send."}
      </p>
      <ErrorSummary form={form} />
      {/* No fragment in the address: with one, a browser skips `autofocus`, so a reader without JavaScript
          would land by the form without its error summary taking focus, or below the thanks at the top. */}
      <Form method="post" action={action} {...getFormProps(form)}>
        <input type="hidden" name="formToken" value={formToken} />
        <fieldset className="mb-6" aria-describedby={invalid ? helpful.errorId : undefined}>
          <legend className="label">Was this page useful?</legend>
          <FieldProblem id={helpful.id} problem={invalid ? helpful.errors?.[0] : null} />
          <div className="flex gap-8">
            {CHOICES.map((choice, index) => (
              <div key={choice.value} className="flex min-h-11 items-center gap-3">
                <input
                  type="radio"
                  // The error summary links to the first choice, as GOV.UK radios do; the fieldset carries the
                  // error message (ARIA has no aria-invalid on a single radio).
                  id={index === 0 ? helpful.id : `${helpful.id}-${choice.value}`}
                  name={helpful.name}
                  value={choice.value}
                  defaultChecked={helpful.initialValue === choice.value}
                  className="h-7 w-7 accent-ink"
                />
                <label htmlFor={index === 0 ? helpful.id : `${helpful.id}-${choice.value}`}>{choice.label}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <TextareaField
          meta={fields.comment}
          label="Anything to add? (optional)"
          hint={`What would make this page more useful? Do not include names or any personal details, yours or anyone else's. Up to ${FEEDBACK_COMMENT_MAX.toLocaleString("en-GB")} characters.`}
          rows={4}
        />
        <SubmitButton pendingText="Sending…">Send feedback</SubmitButton>
      </Form>
    </section>
  );
}
