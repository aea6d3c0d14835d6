import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/guards.server";
import { enforceDownloadLimit } from "~/models/limits.server";
import { resultsCsv, runResults } from "~/models/survey-results.server";
import { getRun } from "~/models/survey-runs.server";

/** Aggregate results only: counts per answer, nothing for fewer than 10 responses, never free text. */
export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "surveys:run");
  const run = await getRun(user, args.params.runId ?? "");
  await enforceDownloadLimit(user.id, `/surveys/${run.id}`);
  // Written answers are never in a file, so they are not even read for one.
  const csv = resultsCsv(run, await runResults(user, run, { withWritten: false }));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="survey-${run.code}-results.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
