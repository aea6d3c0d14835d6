import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { RunStatusTag, runStateOf } from "~/components/survey-staff";
import { formatCode } from "~/lib/survey-code";
import { getRun, surveyAddress } from "~/models/survey-runs.server";

export const meta: MetaFunction = () => [{ title: "Survey poster – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "surveys:run");
  const run = await getRun(user, args.params.runId ?? "");
  const address = surveyAddress(args.request, run.code);
  return { id: run.id, code: run.code, title: run.template.title, address, entry: address.replace(/\/s\/.*$/, "/s"), state: runStateOf(run) };
}

/** One A4 page to print or show on the board: the code, the QR code, the address and where to get help. */
export default function Poster() {
  const { id, code, title, address, entry, state } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="no-print mb-6">
        <Link to={`/surveys/${id}`}>Back to the survey</Link>. Print this page (Ctrl+P, or ⌘P on a Mac); it fits one A4 sheet.
      </p>
      {state.open ? null : (
        <div className="panel no-print mb-6 max-w-3xl">
          <p>
            <RunStatusTag state={state} /> This survey takes no more answers: pupils who use this code are told it has closed.
          </p>
        </div>
      )}
      <article className="poster mx-auto max-w-3xl border-4 border-brand p-8 text-center">
        <h1 className="text-4xl">Tell us what you think</h1>
        <p className="mb-6 text-2xl">{title}</p>
        <p className="mb-2 text-xl">
          Go to <strong>{entry}</strong> and type the code:
        </p>
        <p className="mb-6 font-mono text-7xl font-bold tracking-widest">{formatCode(code)}</p>
        <img src={`/surveys/${id}/qr.svg`} alt={`QR code that opens ${address}`} width={260} height={260} className="mx-auto mb-4" />
        <p className="mb-6 text-lg">Or scan the QR code with your phone&apos;s camera.</p>
        <p className="mb-6 text-xl">It is anonymous: nobody will know which answers are yours. It takes about 2 minutes.</p>
        <div className="border-t-2 border-line pt-4 text-left text-lg">
          <p className="font-bold">Worried, or need to talk?</p>
          <p>
            Talk to a trusted adult at school. Childline: 0800 1111 (free, any time). Report a crime anonymously at Fearless.org. In an emergency, call 999.
          </p>
        </div>
      </article>
    </>
  );
}
