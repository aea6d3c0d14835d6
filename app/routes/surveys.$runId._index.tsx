import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { SubmitButton } from "~/components/forms";
import { QuestionChart } from "~/components/survey-charts";
import { RunClosing, RunStatusTag, runStateOf, runTarget } from "~/components/survey-staff";
import { formatAcademicYear } from "~/lib/academic-year";
import { redirectWithMessage } from "~/lib/flash.server";
import { parseButtonForm } from "~/lib/submission.server";
import { formatCode } from "~/lib/survey-code";
import { MIN_RESPONSES_FOR_RESULTS, RESULTS_STEP, RESULTS_STEP_NOTE, TOO_FEW_ANSWERED } from "~/models/disclosure";
import { runResults, type WrittenAnswers } from "~/models/survey-results.server";
import { PHASE_LABELS } from "~/lib/survey-schemas";
import { closeRun, getRun, surveyAddress } from "~/models/survey-runs.server";
import { counted } from "~/lib/numbers";
import { holdsPlace } from "~/lib/statuses";
import { SummaryList, SummaryRow } from "~/components/summary-list";

/** Why a booking's surveys are left out of before and after (decision 0136, amended). */
const NOT_HELD: Record<string, string> = { CANCELLED: "was cancelled", DECLINED: "was declined", NOT_DELIVERED: "was recorded as not taking place" };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `Survey: ${data.run.template.title}` : "Survey"} – VRN Schools Forum` }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "surveys:run");
  const run = await getRun(user, args.params.runId ?? "");
  const results = await runResults(user, run);
  return { run, state: runStateOf(run), results, address: surveyAddress(args.request, run.code) };
}

const closeRunSchema = z.object({ intent: z.literal("close") });

export async function action(args: ActionFunctionArgs) {
  const user = await requirePermission(args, "surveys:run");
  await getRun(user, args.params.runId ?? "");
  parseButtonForm(await args.request.formData(), closeRunSchema);
  const closed = await closeRun(user, args.params.runId ?? "");
  return redirectWithMessage(
    `/surveys/${args.params.runId}`,
    closed ? "Survey closed: pupils can no longer answer it" : "This survey had been closed already, so nothing was changed.",
  );
}

export default function SurveyRun() {
  const { run, state, results, address } = useLoaderData<typeof loader>();
  const open = state.open;
  return (
    <>
      <p className="mb-4">
        <Link to="/surveys">Back to surveys</Link>
      </p>
      <h1>{run.template.title}</h1>
      <p className="mb-6 text-xl">
        {run.school.name}: {runTarget(run)} ({PHASE_LABELS[run.phase]}, {formatAcademicYear(run.academicYear)})
      </p>

      <div className="mb-8 grid gap-6 md:grid-cols-[1fr_auto]">
        <div className="panel">
          <p className="mb-1">
            <RunStatusTag state={state} />
          </p>
          <p className="mb-1 text-base">Pupils type this code at {address.replace(/\/s\/.*$/, "/s")}:</p>
          <p className="mb-4 font-mono text-5xl font-bold tracking-wider">
            <span aria-hidden="true">{formatCode(run.code)}</span>
            <span className="sr-only">Code {formatCode(run.code).split("").join(" ")}</span>
          </p>
          <p className="mb-4 break-all">
            Or go straight to <a href={address}>{address}</a>
          </p>
          <p className="mb-4 text-base">
            Opened on a device signed in to this service, the survey is a preview: its answers are not saved. Pupils answer on their own devices, or on a
            computer no one is signed in on.
          </p>
          <SummaryList className="text-base">
            <SummaryRow term="Responses">{run.responseCount}</SummaryRow>
            <RunClosing run={run} state={state} />
            <SummaryRow term="Shared computers">
              {run.sharedDevices ? "Yes: the thank-you page offers “Next pupil”. Sign out of this service on those computers first" : "No"}
            </SummaryRow>
          </SummaryList>
        </div>
        <img src={`/surveys/${run.id}/qr.svg`} alt={`QR code that opens ${address}`} width={220} height={220} className="border border-line bg-white" />
      </div>

      <ul className="mb-8 space-y-2">
        <li>
          <Link to={`/surveys/${run.id}/poster`}>Print a poster with the code</Link>
        </li>
        <li>
          <a href={`/surveys/${run.id}/results.csv`} download>
            Download the results (CSV)
          </a>{" "}
          as published, so the file can be shared: small counts shown as &ldquo;&lt;5&rdquo;, others rounded down to fives, and for each core statement only the
          number of pupils answering it, since the VRN&apos;s board report gives those statements over several surveys
        </li>
        {run.booking && holdsPlace(run.booking.status) ? (
          <li>
            <Link to={`/surveys/bookings/${run.booking.id}`}>Compare before and after for this session</Link>
          </li>
        ) : run.booking ? (
          <li>
            The booking {NOT_HELD[run.booking.status] ?? "did not go ahead"}, so its surveys are not compared before and after: a session that did not go ahead
            had no effect to measure.
          </li>
        ) : null}
      </ul>
      {open ? (
        <Form method="post" className="mb-10">
          <SubmitButton name="intent" value="close" variant="warning" pendingText="Closing…">
            Close the survey now
          </SubmitButton>
        </Form>
      ) : null}

      <h2>Results</h2>
      <p className="mb-4 max-w-3xl" id="results-step">
        {RESULTS_STEP_NOTE}
      </p>
      {results.suppressed ? (
        <div className="panel max-w-3xl">
          {open ? (
            <>
              <p className="font-bold">{counted(results.responses, "pupil has", "pupils have")} answered so far.</p>
              <p>
                Results appear once {MIN_RESPONSES_FOR_RESULTS} or more responses are counted. With fewer, someone could work out how one pupil answered, so no
                breakdown is shown.
              </p>
            </>
          ) : (
            <>
              <p className="font-bold">{counted(results.responses, "pupil")} answered before the survey closed.</p>
              <p>
                Results are shown only when {MIN_RESPONSES_FOR_RESULTS} or more responses are counted, and this survey takes no more. With fewer, someone could
                work out how one pupil answered, so no breakdown is shown.
              </p>
            </>
          )}
        </div>
      ) : (
        <>
          <p className="mb-6">
            {results.counted === results.responses
              ? `${counted(results.responses, "pupil")} answered.`
              : open
                ? `${counted(results.responses, "pupil")} answered; these results count ${results.counted} of them, and the rest are counted once ${RESULTS_STEP} are waiting.`
                : `${counted(results.responses, "pupil")} answered; these results count ${results.counted} of them. The survey has closed, so the other ${results.responses - results.counted} will not be counted: fewer than ${RESULTS_STEP}, they could give away how they answered.`}{" "}
            Each chart has a table of the same numbers beside it.
          </p>
          {results.questions.map((q) =>
            q.type === "FREE_TEXT" || q.tooFew ? (
              <section key={q.id} className="mb-10" aria-labelledby={`result-${q.id}`}>
                <h3 id={`result-${q.id}`}>
                  {q.number}. {q.prompt}
                </h3>
                {q.type === "FREE_TEXT" && results.written ? (
                  <p>
                    <a href={`#written-${q.id}`}>Read the written answers</a>, below.
                  </p>
                ) : q.tooFew ? (
                  <p className="panel max-w-3xl">{TOO_FEW_ANSWERED}</p>
                ) : (
                  <p>{counted(q.answered, "pupil")} counted in these results wrote an answer. Written answers are seen only by the VRN schools lead.</p>
                )}
              </section>
            ) : (
              <QuestionChart key={q.id} question={q} />
            ),
          )}
        </>
      )}
      {results.written?.length ? (
        <div id="written-answers">
          {results.written.map((w) => (
            <WrittenAnswerList key={w.questionId} written={w} />
          ))}
        </div>
      ) : null}
    </>
  );
}

/**
 * The lead's list of one question's written answers: every one, from the first response on (not only once
 * results are shown), so a disclosure is never held back or pushed off the page.
 */
function WrittenAnswerList({ written }: { written: WrittenAnswers }) {
  return (
    <section className="mb-10 max-w-3xl" aria-labelledby={`written-${written.questionId}`}>
      <h2 id={`written-${written.questionId}`}>
        Written answers to {written.number}. {written.prompt}
      </h2>
      <p className="mb-2 font-bold text-danger">
        Read them for anything that needs safeguarding action. They are never exported.{" "}
        {written.answers.length === 1
          ? "There is 1 so far."
          : written.answers.length > 1
            ? `All ${written.answers.length} are listed, in an order that is not the order pupils answered.`
            : ""}
      </p>
      {written.answers.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ul className="list-disc space-y-2 pl-6">
          {written.answers.map((text, i) => (
            <li key={i} className="whitespace-pre-line break-words">
              {text}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
