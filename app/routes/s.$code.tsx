import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { HelpPanel } from "~/components/survey-help";
import { PupilErrorBoundary } from "~/components/survey-pupil-error";
import { CodeForm, SurveyForm } from "~/components/survey-pupil";
import { ERROR_TITLE_PREFIX } from "~/lib/error-title";
import { passOnHeaders } from "~/lib/route-headers.server";
import { normaliseCode } from "~/lib/survey-code";
import { answerSurvey, canonicalCode, pupilPage, type PupilPage } from "~/models/survey-pupil.server";
import { cutToCharacters } from "~/lib/characters";

/**
 * Each state of a pupil's page its own title, the first thing a screen reader says of a page: no survey with
 * the code (an error, as its form shows it), closed, answered, or the survey's own name. Not the page of a
 * survey in several: a page after the first comes from the form sent, which the title does not see.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const page = data?.page;
  const named =
    page?.state === "unknown"
      ? `${ERROR_TITLE_PREFIX}There is no survey with that code`
      : page?.state === "closed"
        ? `This survey has closed`
        : page?.state === "previewed"
          ? "Preview finished: nothing was saved"
          : page?.state === "answered"
            ? page.thanks
              ? "Thank you: your answers have been sent"
              : "You have already answered this survey"
            : page?.state === "open"
              ? page.title
              : null;
  return [
    { title: `${named ? `${named} – ` : ""}Pupil survey – VRN Schools Forum` },
    { name: "description", content: "A short anonymous survey for pupils. No names are asked for, and help is listed on every page." },
  ];
};
export const handle = { pupil: true };
export const headers = passOnHeaders;

const STATUS: Record<PupilPage["state"], number> = { unknown: 404, closed: 200, answered: 200, previewed: 200, open: 200 };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const typed = params.code ?? "";
  const canonical = canonicalCode(typed);
  if (canonical) throw redirect(`/s/${canonical}`);
  const { searchParams } = new URL(request.url);
  const page = await pupilPage({ request, context, code: typed, thanks: searchParams.has("sent"), previewed: searchParams.has("previewed") });
  return data({ code: typed, page }, { status: STATUS[page.state], headers: { "Cache-Control": "no-store" } });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const code = params.code ?? "";
  const result = await answerSurvey({ request, context, code, form: await request.formData() });
  // Back to the code's own address, never the one typed: a line break or a wide space in it is matched
  // by the code's rules, but cannot go in a Location header.
  const address = `/s/${encodeURIComponent(normaliseCode(code) ?? code)}`;
  if (result.kind === "sent") throw redirect(`${address}?sent=1`);
  if (result.kind === "previewed") throw redirect(`${address}?previewed=1`);
  if (result.kind === "next-pupil") throw redirect(address);
  return data({ page: result.page }, { status: result.status });
}

/**
 * On every page of a survey opened in a browser signed in to a staff account: what pupils see, and why
 * nothing sent from here counts (decision 0171).
 */
function StaffPreviewNotice() {
  return (
    <div className="mb-6 border-4 border-brand p-4">
      <p className="mb-2 font-bold">Preview: answers sent from this browser are not saved</p>
      <p>
        This browser is signed in to a staff account, so you see the survey as pupils will, but nothing you send is counted. Pupils answer on their own devices,
        or on a computer no one is signed in on.
      </p>
    </div>
  );
}

function Unknown({ typed }: { typed: string }) {
  return (
    <>
      <h1>There is no survey with that code</h1>
      <p className="mb-6">Check the code with your teacher and type it again. Letters can be capitals or small letters.</p>
      {/* That no survey has the code is the field's error, summarised and focused as any other (a page with no script). */}
      <CodeForm defaultValue={cutToCharacters(typed, 40)} error="No survey has this code: check it with your teacher and type it again" />
    </>
  );
}

/**
 * Why a survey has closed, in words for pupils (runState's reasons). A run closed at a moment (closedAt) may
 * have been closed by its teacher, by the lead, or with its booking, session or school (decision 0144):
 * nothing records which, so pupils are told only that it has.
 */
const CLOSED_BECAUSE = {
  closed: "It has closed.",
  date: "Its closing date has passed.",
  full: "It already has all the answers it needs.",
  session: "It was for before a session, so it closed shortly after the session started.",
} as const;

function Content({ code, page }: { code: string; page: PupilPage }) {
  switch (page.state) {
    case "unknown":
      return <Unknown typed={page.typed} />;
    case "closed":
      return (
        <>
          <h1>This survey has closed</h1>
          <p className="mb-4">
            {page.title} is no longer taking answers. {CLOSED_BECAUSE[page.reason]}
          </p>
          <p>Thank you for wanting to take part.</p>
        </>
      );
    case "answered":
      return (
        <>
          <h1>{page.thanks ? "Thank you" : "You've already answered this survey – thank you"}</h1>
          <p className="mb-4">
            {page.thanks ? "Your answers have been sent. You can close this page." : "Each person answers once, so there is nothing more to do."}
          </p>
          {page.sharedDevices ? (
            <Form method="post" action={`/s/${code}`} className="mt-6">
              <p className="mb-4">If you are sharing this computer, the next person can start the survey now.</p>
              <button type="submit" name="intent" value="next-pupil" className="button text-xl">
                Next pupil
              </button>
            </Form>
          ) : null}
        </>
      );
    case "previewed":
      return (
        <>
          <h1>Preview finished: nothing was saved</h1>
          <p className="mb-4">
            The survey {page.title} was shown as a preview, to a browser signed in to a staff account, so its answers were checked as a pupil&apos;s would be,
            then not saved or counted.
          </p>
          <p className="mb-4">
            <a href="/surveys">Back to your surveys</a>
          </p>
          <p>
            A pupil answers on a device no one is signed in on: <a href={`/s/${code}`}>start the survey there</a>.
          </p>
        </>
      );
    case "open":
      return (
        <>
          <h1>{page.title}</h1>
          {page.preview ? <StaffPreviewNotice /> : null}
          {page.restarted ? (
            <p role="status" className="panel mb-6">
              Please start the survey again: the page you sent was from an earlier visit on this device, so nothing on it was kept.
            </p>
          ) : null}
          {page.page === 1 && page.intro ? <p className="mb-6">{page.intro}</p> : null}
          <SurveyForm
            code={code}
            questions={page.questions}
            firstNumber={page.firstNumber}
            total={page.total}
            page={page.page}
            pageCount={page.pageCount}
            carried={page.carried}
            values={page.values}
            errors={page.errors}
            pupilTag={page.pupilTag}
            preview={page.preview}
          />
        </>
      );
  }
}

export default function PupilSurvey() {
  const { code, page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <Content code={code} page={actionData?.page ?? page} />
      <HelpPanel />
    </>
  );
}

export function ErrorBoundary() {
  return <PupilErrorBoundary />;
}
