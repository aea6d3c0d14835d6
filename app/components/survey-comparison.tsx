import type { Comparison } from "~/models/survey-results.server";
import { MIN_RESPONSES_FOR_RESULTS } from "~/models/disclosure";
import { ComparisonTable } from "./survey-charts";
import { SummaryList, SummaryRow } from "./summary-list";

/**
 * A before-and-after comparison's figures. `pairedBookings`, for a comparison over several bookings (which
 * counts only bookings surveyed on both sides, decision 0136): when it is 0 the page says that no booking
 * was, rather than that answers are too few or missing.
 */
export function ComparisonResults({ comparison, caption, pairedBookings }: { comparison: Comparison; caption: string; pairedBookings?: number }) {
  const { beforeResponses, afterResponses, runsLeftOut, rows } = comparison;
  const nonePaired = pairedBookings === 0;
  const tooFew = nonePaired
    ? []
    : [beforeResponses < MIN_RESPONSES_FOR_RESULTS ? "before" : null, afterResponses < MIN_RESPONSES_FOR_RESULTS ? "after" : null].filter(Boolean);
  return (
    <>
      <SummaryList className="mb-6 max-w-xl">
        <SummaryRow term="Responses counted before">{beforeResponses}</SummaryRow>
        <SummaryRow term="Responses counted after">{afterResponses}</SummaryRow>
      </SummaryList>
      {runsLeftOut > 0 ? (
        <p className="mb-6 max-w-3xl" id="runs-left-out">
          {runsLeftOut === 1 ? "One survey is" : `${runsLeftOut} surveys are`} left out of these figures because {runsLeftOut === 1 ? "it has" : "they have"}{" "}
          fewer than {MIN_RESPONSES_FOR_RESULTS} responses counted: with {runsLeftOut === 1 ? "it" : "them"} in, taking one figure from another could show how
          those pupils answered.
        </p>
      ) : null}
      {tooFew.length > 0 ? (
        <div className="panel mb-6 max-w-3xl">
          <p>
            Figures {tooFew.join(" and ")} the session are not shown: they need {MIN_RESPONSES_FOR_RESULTS} or more responses, so that no pupil&apos;s answers
            can be picked out.
          </p>
        </div>
      ) : null}
      {rows.length === 0 ? (
        <p>
          {nonePaired
            ? "No booking was surveyed both before and after its session, with enough responses on each side to show, so there is nothing to compare."
            : "No answers to the core questions yet."}
        </p>
      ) : (
        <>
          <ComparisonTable rows={rows} caption={caption} />
          {rows.some((r) => r.before.shareAgreeing === null || r.after.shareAgreeing === null) ? (
            <p className="mt-4 max-w-3xl text-base" id="too-few-answered">
              A dash means too few pupils answered that statement for its figure to be shown: each survey counts a statement only once{" "}
              {MIN_RESPONSES_FOR_RESULTS} or more of the pupils who answered it are counted (or, where it has none on the scale, everyone answered “not sure”).
            </p>
          ) : null}
          <p className="mt-4 max-w-3xl text-base text-muted">
            “Agreeing” is the share who agree or strongly agree with the statement as worded, leaving out “not sure”. The mean score runs from 1 to 5, with
            negatively worded statements turned round so that higher is always better. The change is the figure after minus the figure before, as shown.
          </p>
        </>
      )}
    </>
  );
}
