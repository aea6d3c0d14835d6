import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { HelpPanel } from "~/components/survey-help";
import { PupilErrorBoundary } from "~/components/survey-pupil-error";
import { CodeForm } from "~/components/survey-pupil";
import { normaliseCode } from "~/lib/survey-code";
import { welcomeBrowser } from "~/models/survey-pupil.server";
import { cutToCharacters } from "~/lib/characters";

export const meta: MetaFunction = () => [{ title: "Answer a survey – VRN Schools Forum" }];
export const handle = { pupil: true };

/** A GET form, so it works on any browser: a good-looking code goes to its survey page, which says if it is unknown. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  // The browser's token comes with the first page, so its look-ups are counted as its own.
  welcomeBrowser(request, context);
  const params = new URL(request.url).searchParams;
  if (!params.has("code")) return { typed: "", error: null };
  // The same code twice, however it was typed, is one code; two codes are refused, neither opened.
  const given = params.getAll("code").filter((value) => value.trim() !== "");
  if (new Set(given.map((value) => normaliseCode(value) ?? value.trim())).size > 1)
    return data({ typed: "", error: "Enter one survey code, like KM7P-4XQD" }, { status: 400 });
  const typed = given[0] ?? "";
  const code = normaliseCode(typed);
  if (code) throw redirect(`/s/${code}`);
  const error = typed.trim() === "" ? "Enter the survey code" : "Enter the code your teacher gave you: 8 letters and numbers, like KM7P-4XQD";
  return data({ typed: cutToCharacters(typed, 40), error }, { status: 400 });
}

export default function FindSurvey() {
  const { typed, error } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Answer a survey</h1>
      <p className="mb-6">Your answers are anonymous: we do not ask your name, and nobody can tell which answers are yours.</p>
      <CodeForm defaultValue={typed} error={error ?? undefined} />
      <HelpPanel />
    </>
  );
}

export function ErrorBoundary() {
  return <PupilErrorBoundary />;
}
