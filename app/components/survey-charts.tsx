import { formatMean, formatMeanChange, formatPercent, formatPoints, roundHalfAwayFromZero } from "~/lib/rounding";
import type { ChoiceCount, CoreComparisonRow, QuestionResult } from "~/models/survey-results.server";
import { BarRows } from "./charts";
import { DataTable } from "./data-table";
import { NoteBelow } from "./separators";

// Rounded by the one rule for figures on screen (app/lib/rounding.ts).
const percent = (part: number, whole: number) => (whole === 0 ? 0 : roundHalfAwayFromZero((part / whole) * 100));
const formatShare = formatPercent;

/**
 * A horizontal bar per answer, each label above its bar. It is hidden from screen readers, which read
 * the table of the same numbers beside it instead.
 */
function Bars({ choices, answered }: { choices: ChoiceCount[]; answered: number }) {
  const items = choices.map((c) => ({ label: c.label, value: c.count, text: `${c.count} (${percent(c.count, answered)}%)` }));
  return (
    <div aria-hidden="true" className="chart max-w-2xl">
      <BarRows items={items} top={Math.max(1, ...choices.map((c) => c.count))} labelsAbove />
    </div>
  );
}

/** A question's answers as bars and a table: only a question shown (not `tooFew`), over its counted answerers. */
export function QuestionChart({ question }: { question: Extract<QuestionResult, { tooFew: false }> }) {
  return (
    <section className="mb-10 break-inside-avoid" aria-labelledby={`result-${question.id}`}>
      <h3 id={`result-${question.id}`}>
        {question.number}. {question.prompt}
      </h3>
      <p className="mb-2 text-base text-muted">
        {question.answered} answered (counted in these results)
        {question.core && question.core.shareAgreeing !== null
          ? `; ${formatShare(question.core.shareAgreeing)} agree (leaving out “not sure”); mean score ${formatMean(question.core.meanScore)} out of 5${
              question.reverseScored ? " (worded negatively, so the score is turned round: fewer agreeing is better, and “strongly disagree” scores 5)" : ""
            }`
          : ""}
      </p>
      <div className="grid gap-4 lg:grid-cols-2">
        <Bars choices={question.choices} answered={question.answered} />
        <DataTable caption={<>Answers to question {question.number}</>} className="text-base" captionClassName="text-base">
          <thead>
            <tr>
              <th scope="col">Answer</th>
              <th scope="col" className="text-right">
                Pupils
              </th>
              <th scope="col" className="text-right">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {question.choices.map((c) => (
              <tr key={c.value}>
                <th scope="row" className="font-normal">
                  {c.label}
                </th>
                <td className="text-right">{c.count}</td>
                <td className="text-right">{percent(c.count, question.answered)}%</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </div>
    </section>
  );
}

export function ComparisonTable({ rows, caption }: { rows: CoreComparisonRow[]; caption: string }) {
  return (
    <DataTable caption={caption} className="text-base">
      <thead>
        <tr>
          <th scope="col">Statement</th>
          <th scope="col">Agreeing before</th>
          <th scope="col">Agreeing after</th>
          <th scope="col">Change</th>
          <th scope="col">Mean score before</th>
          <th scope="col">Mean score after</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.coreKey}>
            <th scope="row" className="font-normal">
              {r.prompt}
              {r.reverseScored ? <NoteBelow className="text-muted">Worded negatively: fewer agreeing is better; the score is turned round.</NoteBelow> : null}
            </th>
            <td>{formatShare(r.before.shareAgreeing)}</td>
            <td>{formatShare(r.after.shareAgreeing)}</td>
            <td>{formatPoints(r.change.points)}</td>
            <td>{formatMean(r.before.meanScore)}</td>
            <td>{formatMean(r.after.meanScore)}</td>
            <td>{formatMeanChange(r.change.meanScore)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
