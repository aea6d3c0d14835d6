import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/guards.server";
import { ComparisonResults } from "~/components/survey-comparison";
import { academicYearOf, formatAcademicYear } from "~/lib/academic-year";
import { allProblems, readChoices, readYearChoice } from "~/lib/filter-choices";
import { AcademicYearSelect, FilterProblemsSummary, FilterSelect } from "~/components/forms";
import { comparisonChoices, topicComparison } from "~/models/survey-results.server";
import { counted, formatCount } from "~/lib/numbers";

export const meta: MetaFunction = () => [{ title: "Compare before and after by topic – VRN Schools Forum" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = await requirePermission(args, "surveys:read-all");
  const params = new URL(args.request.url).searchParams;
  const { topics, years } = await comparisonChoices();
  // The current year is offered even before it has surveys, so that "none yet" can be seen.
  const current = academicYearOf(new Date());
  const yearChoices = [...new Set([current, ...years])].sort((a, b) => b - a);
  const chosenYear = readYearChoice(params, {
    offered: yearChoices,
    fallback: current,
    message: "There are no surveys in that academic year: choose one from the list",
  });
  const chosenTopic = readChoices(params, { topic: { offered: topics.map((t) => t.id), message: "There is no such topic: choose one from the list" } });
  const topic = topics.find((t) => t.id === chosenTopic.values.topic) ?? topics.find((t) => t.title === "Knife-crime awareness") ?? topics[0] ?? null;
  const year = chosenYear.year;
  const problems = allProblems(chosenTopic.problems, chosenYear.problem ? { year: chosenYear.problem } : null);
  const result = topic ? await topicComparison(user, topic.id, year) : null;
  return data({ topics, years: yearChoices, year, topic, problems, result }, { status: problems ? 400 : 200 });
}

export default function CompareByTopic() {
  const { topics, years, year, topic, problems, result } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="mb-4">
        <Link to="/surveys">Back to surveys</Link>
      </p>
      <h1>Compare before and after by topic</h1>
      <FilterProblemsSummary id="compare" problems={problems} />
      <form method="get" className="mb-8 flex flex-wrap items-end gap-4">
        <FilterSelect
          idPrefix="compare"
          name="topic"
          label="Topic"
          value={topic?.id}
          all={null}
          options={topics.map((t) => ({ value: t.id, label: t.title }))}
          error={problems?.topic}
        />
        <AcademicYearSelect idPrefix="compare" years={years} value={year} error={problems?.year} />
        <button type="submit" className="button button-secondary mb-4">
          Show
        </button>
      </form>
      {topic && result ? (
        <>
          <h2>
            {topic.title}, {formatAcademicYear(year)}
          </h2>
          <p className="mb-4 max-w-3xl" id="bookings-compared">
            {result.bookings === 0 ? (
              `No booking of this topic has surveys in ${formatAcademicYear(year)}.`
            ) : (
              <>
                {counted(result.bookings, "booking")} with surveys. Only bookings surveyed both before and after their session are compared, so that both
                columns are the same sessions&apos; pupils:{" "}
                {result.paired === 0 ? "none is yet" : result.paired === 1 ? "1 booking is" : `${formatCount(result.paired)} bookings are`}.
                {result.oneSided > 0
                  ? ` ${result.oneSided === 1 ? "1 booking has" : `${formatCount(result.oneSided)} bookings have`} results on one side only and ${result.oneSided === 1 ? "is" : "are"} left out; each booking's own page shows its results.`
                  : ""}
              </>
            )}
          </p>
          <ComparisonResults
            pairedBookings={result.paired}
            comparison={result.comparison}
            caption={`Core statements before and after ${topic.title} sessions, ${formatAcademicYear(year)}`}
          />
        </>
      ) : (
        <p>There are no topics yet.</p>
      )}
    </>
  );
}
